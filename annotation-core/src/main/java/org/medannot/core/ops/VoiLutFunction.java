package org.medannot.core.ops;

/**
 * The function that maps stored (modality-rescaled) values to display values inside a VOI
 * window, as the DICOM attribute VOI LUT Function (0028,1056) names it. PS3.3 C.11.2.1.2.
 */
public enum VoiLutFunction {

    /**
     * PS3.3 C.11.2.1.2.1: with centre c and width w (w &gt;= 1),
     * {@code y = ymin} when {@code x <= c - 0.5 - (w - 1) / 2},
     * {@code y = ymax} when {@code x > c - 0.5 + (w - 1) / 2}, and otherwise
     * {@code y = ((x - (c - 0.5)) / (w - 1) + 0.5) * (ymax - ymin) + ymin}.
     * The default when the attribute is absent.
     */
    LINEAR,

    /**
     * PS3.3 C.11.2.1.3.2: with centre c and width w (w &gt; 0),
     * {@code y = ymin} when {@code x <= c - w / 2}, {@code y = ymax} when {@code x > c + w / 2},
     * and otherwise {@code y = ((x - c) / w + 0.5) * (ymax - ymin) + ymin}.
     */
    LINEAR_EXACT
}
