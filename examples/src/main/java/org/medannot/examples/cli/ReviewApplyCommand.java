package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.audit.AuditEvent;
import org.medannot.core.audit.AuditLog;
import org.medannot.core.crypto.KeyFile;
import org.medannot.core.review.Review;
import org.medannot.core.review.ReviewAction;
import org.medannot.examples.review.EditsFile;
import org.medannot.examples.review.RoundDirectory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code annotate review apply --round DIR --edits EDITS.json --reviewer ID --out NEXT_DIR}: writes
 * round n + 1 from round n and a reviewer's edits, and optionally records each action in an audit log.
 */
@Command(name = "apply",
        mixinStandardHelpOptions = true,
        description = "Apply the edits of one reviewer to round n and write round n+1 (parent n) as a new folder.")
public final class ReviewApplyCommand implements Callable<Integer> {

    @Option(names = "--round", required = true, paramLabel = "DIR", description = "Round folder to review (round.json and masks/).")
    private Path round;

    @Option(names = "--edits", required = true, paramLabel = "EDITS.json", description = "The reviewer's actions: accept, edit, reject, add.")
    private Path edits;

    @Option(names = "--reviewer", required = true, paramLabel = "ID", description = "Reviewer id recorded with every action (no patient data).")
    private String reviewer;

    @Option(names = "--out", required = true, paramLabel = "NEXT_DIR", description = "Folder to create for the next round; must not exist.")
    private Path out;

    @Option(names = "--audit-log", paramLabel = "LOG", description = "Audit log (JSON Lines) to append one entry per action and one for the new round.")
    private Path auditLog;

    @Option(names = "--hmac-key-file", paramLabel = "FILE", description = "Key file whose first key signs the audit entries with HMAC-SHA256.")
    private Path hmacKeyFile;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (reviewer.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--reviewer must not be blank");
        }
        if (Files.exists(out)) {
            throw new IOException(out + " already exists; a closed round is never overwritten, so choose a new folder");
        }
        if (!Files.isRegularFile(edits)) {
            throw new IOException(edits + ": edits file not found");
        }
        if (auditLog != null) {
            List<Path> inputs = new ArrayList<>(List.of(edits, round.resolve("round.json")));
            if (hmacKeyFile != null) {
                inputs.add(hmacKeyFile);
            }
            OutputGuard.requireNotInputFile(spec, "--audit-log", auditLog, inputs);
        }
        AnnotationSet current = RoundDirectory.read(round);
        List<ReviewAction> actions = EditsFile.read(edits, current, reviewer, Instant.now());
        AnnotationSet next = Review.apply(current, actions);

        byte[] key = auditLog == null || hmacKeyFile == null ? null : KeyFile.read(hmacKeyFile).defaultKeyBytes();
        try (AuditLog audit = auditLog == null ? null : AuditLog.open(auditLog, key, java.time.Clock.systemUTC())) {
            if (audit != null) {
                // Reading the head rejects a file that is not an audit log before the round is written.
                audit.head();
            }
            RoundDirectory.write(next, out);
            if (audit != null) {
                for (ReviewAction action : actions) {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    attributes.put("round", Integer.toString(current.round()));
                    attributes.put("roundHash", current.contentHash());
                    attributes.put("actionTime", action.time().toString());
                    action.reason().ifPresent(reason -> attributes.put("reason", reason));
                    audit.append(new AuditEvent(reviewer, "review." + action.kind(),
                            current.scanId() + "/" + action.annotationId(), attributes));
                }
                Map<String, String> closed = new LinkedHashMap<>();
                closed.put("round", Integer.toString(next.round()));
                closed.put("parentRound", Integer.toString(current.round()));
                closed.put("roundHash", next.contentHash());
                closed.put("parentHash", current.contentHash());
                audit.append(new AuditEvent(reviewer, "round.close", next.scanId(), closed));
            }
        }

        spec.commandLine().getOut().println(out + ": round " + next.round() + " of scan " + next.scanId() + ", "
                + next.annotations().size() + " annotations, " + actions.size() + " actions applied, content hash "
                + next.contentHash());
        spec.commandLine().getOut().flush();
        return AnnotateCommand.EXIT_OK;
    }
}
