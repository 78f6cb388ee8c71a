package org.medannot.core.annotation;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.geometry.Polygon;
import org.medannot.core.geometry.Shape;
import org.medannot.core.mask.Mask;

/**
 * The annotations of one scan for one review round. Round 1 usually contains model suggestions;
 * each review yields the next round, whose parent is the round it was made from.
 *
 * <p>Instances are immutable: masks are copied on construction, so later changes to the caller's
 * masks do not reach the set. The {@link #contentHash()} is the SHA-256 of a canonical
 * serialization (annotations sorted by id, numbers in big-endian binary, strings in UTF-8), so
 * equal content gives an equal hash on every machine.
 */
public final class AnnotationSet {

    private static final String FORMAT = "medannot-annotation-set/1";

    private final String scanId;
    private final int round;
    private final OptionalInt parentRound;
    private final List<Annotation> annotations;
    private final Optional<RoundOrigin> origin;
    private final String contentHash;

    /**
     * Creates a round.
     *
     * @param scanId      identifier of the scan (for example the de-identified Series Instance UID)
     * @param round       round number, 1 for the first
     * @param parentRound round this one was derived from; empty for round 1
     * @param annotations the annotations; ids must be unique
     * @throws IllegalArgumentException when the round is below 1, the parent is not below the
     *                                  round, or two annotations share an id
     */
    public AnnotationSet(String scanId, int round, OptionalInt parentRound, List<Annotation> annotations) {
        this(scanId, round, parentRound, annotations, Optional.empty());
    }

    /**
     * Creates a round that records what produced its suggestions.
     *
     * @param origin model, preprocessing recipe and prompts; part of the content hash when present
     * @throws IllegalArgumentException as {@link #AnnotationSet(String, int, OptionalInt, List)}
     */
    public AnnotationSet(String scanId, int round, OptionalInt parentRound, List<Annotation> annotations,
            Optional<RoundOrigin> origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.scanId = Objects.requireNonNull(scanId, "scanId");
        if (round < 1) {
            throw new IllegalArgumentException("round must be >= 1, but was " + round);
        }
        Objects.requireNonNull(parentRound, "parentRound");
        if (parentRound.isPresent() && (parentRound.getAsInt() < 1 || parentRound.getAsInt() >= round)) {
            throw new IllegalArgumentException("parentRound must be in 1.." + (round - 1) + ", but was "
                    + parentRound.getAsInt());
        }
        this.round = round;
        this.parentRound = parentRound;
        Set<String> ids = new HashSet<>();
        List<Annotation> copies = new ArrayList<>(annotations.size());
        for (Annotation annotation : annotations) {
            if (!ids.add(annotation.id())) {
                throw new IllegalArgumentException("annotation id '" + annotation.id() + "' appears more than once in round "
                        + round + " of scan " + scanId);
            }
            copies.add(annotation.shape() instanceof Mask mask ? annotation.withShape(mask.copy()) : annotation);
        }
        this.annotations = List.copyOf(copies);
        this.contentHash = hash();
    }

    /** Creates round 1 without a parent. */
    public static AnnotationSet firstRound(String scanId, List<Annotation> annotations) {
        return new AnnotationSet(scanId, 1, OptionalInt.empty(), annotations);
    }

    /** Identifier of the scan. */
    public String scanId() {
        return scanId;
    }

    /** Round number, starting at 1. */
    public int round() {
        return round;
    }

    /** Returns the round this one was derived from; empty for the first round. */
    public OptionalInt parentRound() {
        return parentRound;
    }

    /**
     * The annotations, in the order given. Masks in this list are the set's own copies: do not
     * modify them.
     */
    public List<Annotation> annotations() {
        return annotations;
    }

    /** Returns the source of the round's suggestions, when the producer recorded it. */
    public Optional<RoundOrigin> origin() {
        return origin;
    }

    /** SHA-256 of the canonical serialization, as 64 lower-case hex digits. */
    public String contentHash() {
        return contentHash;
    }

    /** Writes the canonical serialization that {@link #contentHash()} digests. */
    public void writeCanonical(OutputStream target) throws IOException {
        DataOutputStream out = new DataOutputStream(target);
        out.writeUTF(FORMAT);
        out.writeUTF(scanId);
        out.writeInt(round);
        out.writeInt(parentRound.orElse(0));
        List<Annotation> sorted = new ArrayList<>(annotations);
        sorted.sort(Comparator.comparing(Annotation::id));
        out.writeInt(sorted.size());
        for (Annotation annotation : sorted) {
            writeAnnotation(out, annotation);
        }
        // Written only when present, so that sets without an origin keep the hash they had before origins existed.
        if (origin.isPresent()) {
            writeOrigin(out, origin.get());
        }
        out.flush();
    }

    private String hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                writeCanonical(out);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeOrigin(DataOutputStream out, RoundOrigin origin) throws IOException {
        out.writeUTF("origin");
        out.writeUTF(origin.modelName());
        out.writeUTF(origin.modelVersion());
        out.writeUTF(origin.modelFileSha256());
        out.writeUTF(origin.recipeSha256());
        out.writeInt(origin.prompts().size());
        for (java.util.Map.Entry<String, String> prompt : origin.prompts().entrySet()) {
            out.writeUTF(prompt.getKey());
            writeLongString(out, prompt.getValue());
        }
    }

    /** Writes a string of any length: byte count then UTF-8, because writeUTF stops at 65535 bytes. */
    private static void writeLongString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void writeAnnotation(DataOutputStream out, Annotation annotation) throws IOException {
        out.writeUTF(annotation.id());
        out.writeInt(annotation.category().id());
        out.writeUTF(annotation.category().name());
        out.writeDouble(annotation.score());
        Provenance provenance = annotation.provenance();
        out.writeUTF(provenance.kind().name());
        out.writeUTF(provenance.producerId());
        out.writeUTF(provenance.producerVersion());
        out.writeLong(provenance.time().getEpochSecond());
        out.writeInt(provenance.time().getNano());
        out.writeUTF(provenance.inputId());
        writeShape(out, annotation.shape());
    }

    private static void writeShape(DataOutputStream out, Shape shape) throws IOException {
        if (shape instanceof Mask mask) {
            out.writeUTF("mask");
            writeGeometry(out, mask.geometry());
            for (int w = 0; w < mask.wordCount(); w++) {
                out.writeLong(mask.word(w));
            }
        } else if (shape instanceof BoundingBox box) {
            out.writeUTF("box");
            out.writeInt(box.minX());
            out.writeInt(box.minY());
            out.writeInt(box.minZ());
            out.writeInt(box.maxX());
            out.writeInt(box.maxY());
            out.writeInt(box.maxZ());
        } else if (shape instanceof Polygon polygon) {
            out.writeUTF("polygon");
            out.writeInt(polygon.slice());
            List<double[]> rings = polygon.rings();
            out.writeInt(rings.size());
            for (double[] ring : rings) {
                out.writeInt(ring.length);
                for (double value : ring) {
                    out.writeDouble(value);
                }
            }
        } else {
            // Other shapes contribute their class name and string form.
            out.writeUTF(shape.getClass().getName());
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            text.writeBytes(shape.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.writeInt(text.size());
            text.writeTo(out);
        }
    }

    private static void writeGeometry(DataOutputStream out, Geometry geometry) throws IOException {
        out.writeInt(geometry.columns());
        out.writeInt(geometry.rows());
        out.writeInt(geometry.slices());
        for (double value : geometry.spacing()) {
            out.writeDouble(value);
        }
        for (double value : geometry.origin()) {
            out.writeDouble(value);
        }
        for (double value : geometry.direction()) {
            out.writeDouble(value);
        }
    }

    @Override
    public boolean equals(Object object) {
        return object instanceof AnnotationSet other && contentHash.equals(other.contentHash);
    }

    @Override
    public int hashCode() {
        return contentHash.hashCode();
    }

    @Override
    public String toString() {
        return "AnnotationSet[scan=" + scanId + ", round=" + round + ", annotations=" + annotations.size() + ", hash="
                + contentHash.substring(0, 12) + "]";
    }
}
