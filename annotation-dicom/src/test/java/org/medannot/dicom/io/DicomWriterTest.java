package org.medannot.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medannot.core.testing.SharedData;
import org.medannot.dicom.DicomException;
import org.medannot.dicom.DicomFile;
import org.medannot.dicom.Tag;
import org.medannot.dicom.TransferSyntax;
import org.medannot.dicom.VR;

/** Encoding rules of PS3.5 and PS3.10 checked on the bytes the writer produces. */
class DicomWriterTest {

    private static final String EXPLICIT = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();

    @TempDir
    Path temp;

    private static MutableAttributes minimal() {
        MutableAttributes dataSet = new MutableAttributes();
        dataSet.setString(Tag.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        dataSet.setString(Tag.SOP_INSTANCE_UID, VR.UI, "1.2.3");
        return dataSet;
    }

    private static byte[] encode(MutableAttributes dataSet, String syntax) {
        return DicomWriter.toBytes(DicomWriter.fileMetaFor(dataSet, syntax, null), dataSet, syntax);
    }

    /** Returns the offset just after the File Meta Information, from its group length. */
    private static int dataSetStart(byte[] file) {
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(Arrays.copyOfRange(file, 128, 132)).isEqualTo("DICM".getBytes(StandardCharsets.US_ASCII));
        assertThat(buffer.getInt(132)).as("(0002,0000) first").isEqualTo(0x00000002);
        assertThat(new String(file, 136, 2, StandardCharsets.US_ASCII)).isEqualTo("UL");
        return 144 + buffer.getInt(140);
    }

    @Test
    void groupLengthEndsAtDataSet() {
        MutableAttributes dataSet = minimal();
        byte[] file = encode(dataSet, EXPLICIT);

        int start = dataSetStart(file);
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(buffer.getShort(start)).as("first data set group").isEqualTo((short) 0x0008);
        // The last meta element is Implementation Version Name: an 8-byte header and "MEDANNOT_0.1".
        assertThat(buffer.getShort(start - 20)).as("last meta element group").isEqualTo((short) 0x0002);
        assertThat(buffer.getShort(start - 18)).as("last meta element number").isEqualTo((short) 0x0013);
    }

    @Test
    void oddValuesArePaddedPerVr() {
        MutableAttributes dataSet = minimal();
        dataSet.setString(0x00081030, VR.LO, "ABC");
        dataSet.setBytes(0x00091001, VR.OB, new byte[] {1, 2, 3});
        byte[] file = encode(dataSet, EXPLICIT);
        int start = dataSetStart(file);
        String text = new String(file, start, file.length - start, StandardCharsets.ISO_8859_1);

        assertThat(text).contains("UI\u0006\u00001.2.3\u0000");
        assertThat(text).contains("LO\u0004\u0000ABC ");
        assertThat(text).contains("OB\u0000\u0000\u0004\u0000\u0000\u0000\u0001\u0002\u0003\u0000");
    }

    @Test
    void longShortLengthValueBecomesUn() throws IOException {
        MutableAttributes dataSet = minimal();
        byte[] big = new byte[70000];
        Arrays.fill(big, (byte) 'A');
        dataSet.setBytes(0x00081030, VR.LO, big);
        Path target = temp.resolve("long.dcm");
        DicomWriter.write(target, dataSet, EXPLICIT, null);

        DicomFile reread = DicomFile.open(target);
        assertThat(reread.dataSet().get(0x00081030).vr()).isIn(VR.UN, VR.LO);
        assertThat(reread.dataSet().get(0x00081030).length()).isEqualTo(70000);
    }

    @Test
    void deflatedCopyReadsBack() throws IOException {
        Path source = SharedData.require("dicom/rtstruct/dicompyler-breast/ct.0.dcm");
        DicomFile original = DicomFile.open(source);
        MutableAttributes dataSet = MutableAttributes.copyOf(original.dataSet());
        Path target = temp.resolve("deflated.dcm");
        DicomWriter.write(target, dataSet, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                MutableAttributes.copyOf(original.fileMeta()));

        DicomFile reread = DicomFile.open(target);
        assertThat(reread.transferSyntax()).isEqualTo(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        List<String> differences = new java.util.ArrayList<>();
        DicomWriterRoundTripTest.compare(source.toString(), dataSet, MutableAttributes.copyOf(reread.dataSet()), "", false, differences);
        assertThat(differences.stream().filter(d -> !d.contains("VR")).toList()).isEmpty();
    }

    @Test
    void encapsulatedPixelsNeedEncapsulatedSyntax() {
        Path source = SharedData.require("dicom/series/ct-abdomen-siemens-20sl/dicom");
        Path file = DicomTestFiles.readable(source).get(0);
        DicomFile original = DicomFile.open(file);
        MutableAttributes dataSet = MutableAttributes.copyOf(original.dataSet());
        assertThat(dataSet.get(Tag.PIXEL_DATA).isEncapsulated()).isTrue();

        assertThatThrownBy(() -> DicomWriter.write(temp.resolve("x.dcm"), dataSet, EXPLICIT, MutableAttributes.copyOf(original.fileMeta())))
                .isInstanceOf(DicomException.class).hasMessageContaining("expected an encapsulated syntax");
    }

    @Test
    void implementationClassUidMatchesDerivation() throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("org.medannot annotation SDK".getBytes(StandardCharsets.US_ASCII));
        String expected = "2.25." + new BigInteger(1, Arrays.copyOf(digest, 16));
        assertThat(DicomWriter.IMPLEMENTATION_CLASS_UID).isEqualTo(expected);
        assertThat(DicomWriter.IMPLEMENTATION_CLASS_UID.length()).isLessThanOrEqualTo(64);
        assertThat(DicomWriter.IMPLEMENTATION_VERSION_NAME.length()).isLessThanOrEqualTo(16);
    }

    @Test
    void setStringRejectsNonAscii() {
        MutableAttributes dataSet = new MutableAttributes();
        assertThatThrownBy(() -> dataSet.setString(Tag.PATIENT_NAME, VR.PN, "Müller"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected ASCII text");
        assertThatThrownBy(() -> dataSet.setString(Tag.ITEM, VR.LO, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item or delimiter tag");
    }

    @Test
    void missingSopUidsAreReported() {
        assertThatThrownBy(() -> DicomWriter.fileMetaFor(new MutableAttributes(), EXPLICIT, null))
                .isInstanceOf(DicomException.class).hasMessageContaining("SOP Class UID (0008,0016)");
    }
}
