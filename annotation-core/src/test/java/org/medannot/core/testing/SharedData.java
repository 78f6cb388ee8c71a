package org.medannot.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real test data set (DICOM, NIfTI, COCO fixtures) that lives beside the repository.
 *
 * <p>The build passes its location in the system property {@code medannot.shared.data}. A clone
 * without that folder still builds: tests that need a file call {@link #require(String)}, which
 * skips the test with a message naming the missing path.
 */
public final class SharedData {

    /** System property that holds the data folder; set by the parent POM's Surefire configuration. */
    public static final String PROPERTY = "medannot.shared.data";

    private SharedData() {
    }

    /** Returns the data folder, or {@code null} when the property is unset or the folder is absent. */
    public static Path rootOrNull() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return null;
        }
        Path root = Path.of(value).normalize();
        return Files.isDirectory(root) ? root : null;
    }

    /**
     * Returns the file or folder at {@code relative} inside the data folder, skipping the calling
     * test when it does not exist.
     */
    public static Path require(String relative) {
        Path root = rootOrNull();
        assumeTrue(root != null, () -> "test data folder not found (system property " + PROPERTY + "="
                + System.getProperty(PROPERTY) + "); skipping");
        Path path = root.resolve(relative);
        assumeTrue(Files.exists(path), () -> "test data not found: " + path + "; skipping");
        return path;
    }
}
