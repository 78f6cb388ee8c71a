package org.medannot.dicom.deid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.function.Consumer;

import org.medannot.dicom.DicomFile;
import org.medannot.dicom.io.DicomWriter;
import org.medannot.dicom.io.MutableAttributes;

/** Secrets and input builders shared by the de-identification tests. */
final class DeidTestSupport {

    /** The fixed secret of the committed reference outputs. */
    static final ProjectSecret SECRET = ProjectSecret.of("medannot test secret, not for real data".getBytes(StandardCharsets.US_ASCII));
    static final ProjectSecret OTHER_SECRET = ProjectSecret.of("another project's secret, unrelated".getBytes(StandardCharsets.US_ASCII));

    private DeidTestSupport() {
    }

    static DicomDeidentifier basic(ProjectSecret secret) {
        return DicomDeidentifier.builder(secret).build();
    }

    static DicomDeidentifier withOptions(ProjectSecret secret, ProfileOption... options) {
        EnumSet<ProfileOption> set = EnumSet.noneOf(ProfileOption.class);
        set.addAll(java.util.List.of(options));
        return DicomDeidentifier.builder(secret).profile(ConfidentialityProfile.of(set)).build();
    }

    /** Writes a changed copy of {@code source} to {@code target}, in the source's transfer syntax. */
    static Path modifiedCopy(Path source, Path target, Consumer<MutableAttributes> change) throws IOException {
        DicomFile file = DicomFile.open(source);
        MutableAttributes dataSet = MutableAttributes.copyOf(file.dataSet());
        change.accept(dataSet);
        DicomWriter.write(target, dataSet, DicomWriter.transferSyntaxFor(file), MutableAttributes.copyOf(file.fileMeta()));
        return target;
    }
}
