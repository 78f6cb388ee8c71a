package org.medannot.core.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.medannot.core.volume.Volume;

/**
 * One scan as a {@link ScanReader} produced it: a volume with its geometry, plus what the
 * pipeline needs to know about where it came from.
 *
 * @param id          identifier of the scan, such as the Series Instance UID or a file name;
 *                    used to name output folders, so it may be replaced by a pseudonym after
 *                    de-identification
 * @param volume      the voxels (CT in Hounsfield units where the source says so)
 * @param properties  descriptive, non-identifying attributes by name (for example "Modality",
 *                    "Manufacturer", "BodyPartExamined"); never patient identifiers
 * @param sourceFiles the files the scan was read from, in slice order where that applies
 * @param warnings    irregularities found while reading (gantry tilt, repaired values), each a
 *                    sentence without patient data
 * @param source      the reader's own object for the source (for example the DICOM data sets of
 *                    each slice), for steps that need more than the volume; {@code null} when
 *                    there is none
 */
public record Scan(String id, Volume volume, Map<String, String> properties, List<Path> sourceFiles,
        List<String> warnings, Object source) {

    /** Validates and copies the collections. */
    public Scan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(volume, "volume");
        properties = Map.copyOf(properties);
        sourceFiles = List.copyOf(sourceFiles);
        warnings = List.copyOf(warnings);
    }

    /** Creates a scan with only an id and a volume. */
    public static Scan of(String id, Volume volume) {
        return new Scan(id, volume, Map.of(), List.of(), List.of(), null);
    }

    /** Returns the property's value, or {@code fallback} when it is absent. */
    public String property(String name, String fallback) {
        return properties.getOrDefault(name, fallback);
    }
}
