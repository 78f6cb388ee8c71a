package org.medannot.dicom.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;

/**
 * {@link ScanReader} for plain JPEG and PNG images, recognized by their signatures. Each file
 * gives one single-slice scan whose id is the file name without its extension.
 *
 * <p>The scan's volume is the grey channel of a grey image. A colour image becomes its ITU-R
 * BT.601 luma ({@link DecodedImage#luminance()}), with a warning saying so; the red, green and
 * blue channels stay available as the scan's {@code source}, a {@link DecodedImage}.
 *
 * <p>Properties: {@code Format} ("png" or "jpeg"), {@code PhotometricInterpretation}
 * ("MONOCHROME2" or "RGB", the DICOM terms) and {@code BitsStored} ("8" or "16").
 *
 * <p>Thread-safe.
 */
public final class ImageScanReader implements ScanReader {

    private final ImageFileReader reader;

    /** Creates a scan reader with the default {@link ImageFileReader} limit; used by {@link java.util.ServiceLoader}. */
    public ImageScanReader() {
        this(new ImageFileReader());
    }

    /** Creates a scan reader that decodes with {@code reader}. */
    public ImageScanReader(ImageFileReader reader) {
        this.reader = reader;
    }

    @Override
    public String name() {
        return "image";
    }

    @Override
    public boolean canRead(Path file) {
        return ImageFileReader.detectFormat(file) != null;
    }

    /** Reads the image at {@code path}, or every JPEG and PNG below the folder {@code path}, in path order. */
    @Override
    public List<Scan> read(Path path) throws IOException {
        return read(path, (file, reason) -> { });
    }

    /**
     * Reads like {@link #read(Path)} and reports each file below a folder that is neither PNG nor
     * JPEG to {@code skipped}. A file with a PNG or JPEG signature that cannot be decoded still
     * raises {@link ImageException}.
     */
    @Override
    public List<Scan> read(Path path, SkipListener skipped) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(readFile(path));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Scan> scans = new ArrayList<>();
        for (Path file : files) {
            if (canRead(file)) {
                scans.add(readFile(file));
            } else {
                skipped.skipped(file, "no PNG or JPEG signature");
            }
        }
        return scans;
    }

    private Scan readFile(Path file) throws IOException {
        DecodedImage image = reader.read(file);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("Format", image.format());
        properties.put("PhotometricInterpretation", image.isColour() ? "RGB" : "MONOCHROME2");
        properties.put("BitsStored", Integer.toString(image.bitsPerSample()));
        List<String> warnings = image.isColour()
                ? List.of("RGB image converted to luma with the ITU-R BT.601 weights; the channels are in the scan's source")
                : List.of();
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String id = dot > 0 ? name.substring(0, dot) : name;
        return new Scan(id, image.luminance(), properties, List.of(file), warnings, image);
    }
}
