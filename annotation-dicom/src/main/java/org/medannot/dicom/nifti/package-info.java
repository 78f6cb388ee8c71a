/**
 * NIfTI-1 and NIfTI-2 reading ({@link org.medannot.dicom.nifti.NiftiReader}) and NIfTI-1
 * writing ({@link org.medannot.dicom.nifti.NiftiWriter}) of volumes and label maps.
 *
 * <p>NIfTI's RAS+ world coordinates are converted to the SDK's LPS geometry here and nowhere
 * else: the reader through {@link org.medannot.core.geometry.Geometry#fromNiftiAffine}, the
 * writer through {@link org.medannot.core.geometry.Geometry#toNiftiAffine()}. Malformed files
 * raise {@link org.medannot.dicom.nifti.NiftiException}.
 */
package org.medannot.dicom.nifti;
