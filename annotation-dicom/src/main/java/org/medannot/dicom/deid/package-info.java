/**
 * De-identification of DICOM files with the Basic Application Level Confidentiality Profile and
 * its options (PS3.15 Annex E, Table E.1-1): {@link org.medannot.dicom.deid.DicomDeidentifier}
 * applies the table, {@link org.medannot.dicom.deid.ProjectSecret} derives replacement UIDs,
 * patient pseudonyms and date offsets from one secret, and
 * {@link org.medannot.dicom.deid.ResidualIdentifierScanner} checks each encoded copy for original
 * values before it is written.
 *
 * <p>Two choices go beyond reading the table row by row:
 * <ul>
 *   <li>Overlays (60xx) and curves (50xx): the table removes Overlay Data, Overlay Comments and
 *       Curve Data, and the Clean Graphics option may keep them after cleaning. This package
 *       cannot tell whether an overlay bitmap or a curve draws text, so it removes overlay and
 *       curve groups whole under both, and the report lists them as removed, never as cleaned.
 *       The attributes of an overlay group that the table does not list are removed too.
 *       Without its Overlay Data (Type 1 in the Overlay Plane Module) the group describes a
 *       missing bitmap, and Overlay Description and Overlay Label are free text. Clean Graphics still cleans Graphic Annotation Sequence and is recorded in
 *       De-identification Method Code Sequence.</li>
 *   <li>Patient's Name gets the pseudonym of the original Patient ID, as Patient ID does. The
 *       table's action for Patient's Name is Z, which allows a dummy value consistent with the VR
 *       instead of an empty value, and no option changes it. The pseudonym is not derived from
 *       the name, and it keeps one patient's files together in viewers that group by name.</li>
 * </ul>
 */
package org.medannot.dicom.deid;
