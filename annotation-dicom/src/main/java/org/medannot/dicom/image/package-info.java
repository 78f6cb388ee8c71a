/**
 * Plain 2D images (PNG and JPEG) as single-slice volumes with unit spacing, decoded through
 * {@code javax.imageio} by {@link org.medannot.dicom.image.ImageFileReader}. Files that cannot
 * be decoded raise {@link org.medannot.dicom.image.ImageException}.
 */
package org.medannot.dicom.image;
