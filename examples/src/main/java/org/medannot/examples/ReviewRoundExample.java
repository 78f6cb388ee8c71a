package org.medannot.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.audit.AuditEvent;
import org.medannot.core.audit.AuditLog;
import org.medannot.core.audit.AuditLogVerifier;
import org.medannot.core.audit.AuditVerification;
import org.medannot.core.mask.Mask;
import org.medannot.core.review.Review;
import org.medannot.core.review.ReviewAction;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.SegmentationBackend;
import org.medannot.core.spi.SegmentationException;
import org.medannot.core.spi.SegmentationRequest;
import org.medannot.core.spi.SegmentationResult;
import org.medannot.inference.onnx.OnnxSegmentationBackend;

/**
 * One review round with an audit log: a model suggests round 1, a reviewer accepts the largest
 * suggestion and rejects the others, and every step goes into a hash-chained JSON Lines audit
 * log ({@code audit.jsonl}) that is verified at the end.
 *
 * <p>Each entry records the content hash (SHA-256) of the round it produced, so the log shows
 * later which exact annotations a model suggested and a reviewer approved; editing a line breaks
 * the hash chain, which {@link AuditLogVerifier} reports.
 *
 * <pre>java -cp examples/target/annotate.jar org.medannot.examples.ReviewRoundExample SERIES_DIR MODEL.onnx OUT_DIR</pre>
 */
public final class ReviewRoundExample {

    private ReviewRoundExample() {
    }

    /** The reviewed round and the verification of the audit log. */
    public record Reviewed(AnnotationSet suggested, AnnotationSet reviewed, AuditVerification audit) {
    }

    /** Runs the model round and the review round on the series, logging to {@code outputFolder/audit.jsonl}. */
    public static Reviewed run(Path seriesFolder, Path model, Path outputFolder) throws IOException, SegmentationException {
        Scan scan = ExampleSeries.read(seriesFolder);
        SegmentationResult result;
        try (SegmentationBackend backend = OnnxSegmentationBackend.builder(model).build()) {
            result = backend.segment(scan.volume(), SegmentationRequest.automatic());
        }
        AnnotationSet suggested = result.toFirstRound(scan.id(), Instant.now());
        List<Annotation> suggestions = suggested.annotations();

        // The reviewer keeps the largest structure and rejects the rest.
        String reviewer = "reviewer-1";
        Instant now = Instant.now();
        Annotation largest = suggestions.stream()
                .max(java.util.Comparator.comparingLong(a -> ((Mask) a.shape()).count()))
                .orElseThrow(() -> new IOException("the model found nothing to review"));
        List<ReviewAction> actions = new ArrayList<>();
        for (Annotation annotation : suggestions) {
            actions.add(annotation == largest
                    ? new ReviewAction.Accept(annotation.id(), reviewer, now, Optional.empty())
                    : new ReviewAction.Reject(annotation.id(), reviewer, now, Optional.of("outline misses the organ")));
        }
        AnnotationSet reviewed = Review.apply(suggested, actions);

        Files.createDirectories(outputFolder);
        Path logFile = outputFolder.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.open(logFile)) {
            Map<String, String> modelRound = new LinkedHashMap<>();
            modelRound.put("model", result.modelName());
            modelRound.put("modelVersion", result.modelVersion());
            modelRound.put("contentHash", suggested.contentHash());
            log.append(new AuditEvent("model:" + result.modelName(), "model-round", subject(suggested), modelRound));
            for (ReviewAction action : actions) {
                Map<String, String> details = new LinkedHashMap<>();
                action.reason().ifPresent(reason -> details.put("reason", reason));
                log.append(new AuditEvent(reviewer, action.kind(), subject(reviewed) + "/" + action.annotationId(), details));
            }
            log.append(new AuditEvent(reviewer, "close-round", subject(reviewed),
                    Map.of("contentHash", reviewed.contentHash())));
        }
        AuditVerification verification = AuditLogVerifier.verify(logFile);
        System.out.printf("round %d: %d suggestions; round %d: %d kept; audit log %s with %d entries, %s%n",
                suggested.round(), suggested.annotations().size(), reviewed.round(), reviewed.annotations().size(), logFile,
                verification.entries(), verification.isValid() ? "intact" : "BROKEN");
        return new Reviewed(suggested, reviewed, verification);
    }

    private static String subject(AnnotationSet round) {
        return round.scanId() + "/round-" + round.round();
    }

    /** Arguments: the series folder, the ONNX model and the output folder. */
    public static void main(String[] args) throws IOException, SegmentationException {
        if (args.length != 3) {
            System.err.println("usage: ReviewRoundExample SERIES_DIR MODEL.onnx OUT_DIR");
            System.exit(2);
        }
        run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
    }
}
