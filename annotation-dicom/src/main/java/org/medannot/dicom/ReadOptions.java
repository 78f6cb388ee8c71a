package org.medannot.dicom;

/**
 * Options of {@link DicomFile#open(java.nio.file.Path, ReadOptions)}.
 *
 * @param stopAtPixelData stop reading at the top-level Pixel Data (or Float/Double Float Pixel
 *     Data) element, leaving it and everything after it unread: for listing folders quickly
 * @param maxSequenceDepth maximum nesting of sequences; deeper nesting raises
 *     {@link DicomException} (real objects nest fewer than 10 levels)
 * @param lastTag the last top-level tag to read, compared as an unsigned number; reading stops
 *     at the first top-level element with a greater tag. {@code 0xFFFFFFFF} reads every element.
 */
public record ReadOptions(boolean stopAtPixelData, int maxSequenceDepth, int lastTag) {

    /** Read everything except the pixel data values, nesting up to 64 sequences. */
    public static final ReadOptions DEFAULT = new ReadOptions(false, 64);

    /** Stop at the pixel data. */
    public static final ReadOptions HEADER_ONLY = new ReadOptions(true, 64);

    public ReadOptions {
        if (maxSequenceDepth < 1) {
            throw new IllegalArgumentException("maxSequenceDepth must be at least 1, got " + maxSequenceDepth);
        }
    }

    /** Creates options that read every top-level element. */
    public ReadOptions(boolean stopAtPixelData, int maxSequenceDepth) {
        this(stopAtPixelData, maxSequenceDepth, 0xFFFFFFFF);
    }

    /** Returns options that read the top-level elements up to {@code lastTag} only, for example to name a file by its UIDs. */
    public static ReadOptions upTo(int lastTag) {
        return new ReadOptions(true, 64, lastTag);
    }
}
