package org.medannot.dicom.seg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.medannot.core.geometry.Geometry;
import org.medannot.dicom.Tag;
import org.medannot.dicom.TransferSyntax;
import org.medannot.dicom.VR;
import org.medannot.dicom.io.DicomWriter;
import org.medannot.dicom.io.MutableAttributes;
import org.medannot.dicom.seg.internal.DerivedObjectSupport;

/**
 * Writes a small CT series on a given geometry: one file per slice, with zero pixels, the
 * files named and numbered in a given order so that list order and slice order differ.
 */
public final class SyntheticSeries {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    private SyntheticSeries() {
    }

    /**
     * Writes the series.
     *
     * @param fileOrder fileOrder[n] = the slice index written as the n-th file (and Instance Number n + 1)
     * @param uidRoot prefix of the UIDs (study = root.1, series = root.2, frame of reference = root.3, slice k = root.10.k)
     * @return the files in file order
     */
    public static List<Path> write(Path folder, Geometry geometry, int[] fileOrder, String uidRoot) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int n = 0; n < fileOrder.length; n++) {
            int k = fileOrder[n];
            MutableAttributes image = new MutableAttributes();
            image.setString(Tag.SOP_CLASS_UID, VR.UI, CT_IMAGE_STORAGE);
            image.setString(Tag.SOP_INSTANCE_UID, VR.UI, uidRoot + ".10." + (k + 1));
            image.setString(Tag.MODALITY, VR.CS, "CT");
            image.setString(Tag.PATIENT_NAME, VR.PN, "Synthetic^Phantom");
            image.setString(0x00100020, VR.LO, "PHANTOM1");
            image.setString(Tag.STUDY_INSTANCE_UID, VR.UI, uidRoot + ".1");
            image.setString(Tag.SERIES_INSTANCE_UID, VR.UI, uidRoot + ".2");
            image.setString(Tag.FRAME_OF_REFERENCE_UID, VR.UI, uidRoot + ".3");
            image.setString(0x00080020, VR.DA, "20260102");
            image.setString(0x00080030, VR.TM, "120000");
            image.setString(0x00200010, VR.SH, "1");
            DerivedObjectSupport.setIntegerString(image, Tag.INSTANCE_NUMBER, n + 1);
            DerivedObjectSupport.setDecimals(image, Tag.IMAGE_POSITION_PATIENT, geometry.indexToPatient(0, 0, k));
            double[] direction = geometry.direction();
            DerivedObjectSupport.setDecimals(image, Tag.IMAGE_ORIENTATION_PATIENT, direction[0], direction[1], direction[2],
                    direction[3], direction[4], direction[5]);
            DerivedObjectSupport.setDecimals(image, Tag.PIXEL_SPACING, geometry.spacing(1), geometry.spacing(0));
            DerivedObjectSupport.setDecimals(image, Tag.SLICE_THICKNESS, geometry.spacing(2));
            image.setUnsignedShorts(Tag.SAMPLES_PER_PIXEL, 1);
            image.setString(Tag.PHOTOMETRIC_INTERPRETATION, VR.CS, "MONOCHROME2");
            image.setUnsignedShorts(Tag.ROWS, geometry.rows());
            image.setUnsignedShorts(Tag.COLUMNS, geometry.columns());
            image.setUnsignedShorts(Tag.BITS_ALLOCATED, 16);
            image.setUnsignedShorts(Tag.BITS_STORED, 16);
            image.setUnsignedShorts(Tag.HIGH_BIT, 15);
            image.setUnsignedShorts(Tag.PIXEL_REPRESENTATION, 1);
            image.setBytes(Tag.PIXEL_DATA, VR.OW, new byte[2 * geometry.sliceSize()]);
            Path file = folder.resolve(String.format("IMG%04d.dcm", n + 1));
            DicomWriter.write(file, image, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), null);
            files.add(file);
        }
        return files;
    }
}
