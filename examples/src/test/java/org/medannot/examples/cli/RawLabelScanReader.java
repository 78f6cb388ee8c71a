package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.medannot.core.geometry.Geometry;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;
import org.medannot.core.volume.UByteVolume;

/**
 * Test reader for {@code .rawlabels} files, so the evaluate command can be tested end to end
 * without a NIfTI reader: one ASCII header line "columns rows slices sx sy sz ox oy oz", then one
 * unsigned byte per voxel, column index fastest.
 */
public final class RawLabelScanReader implements ScanReader {

    /** Writes a file in this reader's format. */
    static void write(Path file, Geometry geometry, byte[] labels) throws IOException {
        double[] s = geometry.spacing();
        double[] o = geometry.origin();
        String header = geometry.columns() + " " + geometry.rows() + " " + geometry.slices() + " " + s[0] + " " + s[1]
                + " " + s[2] + " " + o[0] + " " + o[1] + " " + o[2] + "\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + labels.length);
        System.arraycopy(labels, 0, all, head.length, labels.length);
        Files.write(file, all);
    }

    @Override
    public String name() {
        return "rawlabels";
    }

    @Override
    public boolean canRead(Path file) {
        return file.getFileName().toString().endsWith(".rawlabels");
    }

    @Override
    public List<Scan> read(Path path) throws IOException {
        if (!canRead(path)) {
            // Folders and other files hold nothing of this format; the folder readers own them.
            return List.of();
        }
        byte[] bytes = Files.readAllBytes(path);
        int newline = 0;
        while (bytes[newline] != '\n') {
            newline++;
        }
        String[] fields = new String(bytes, 0, newline, StandardCharsets.US_ASCII).split(" ");
        Geometry geometry = Geometry.of(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]),
                Integer.parseInt(fields[2]),
                new double[] {Double.parseDouble(fields[3]), Double.parseDouble(fields[4]), Double.parseDouble(fields[5])},
                new double[] {Double.parseDouble(fields[6]), Double.parseDouble(fields[7]), Double.parseDouble(fields[8])},
                Geometry.identityDirection());
        byte[] labels = Arrays.copyOfRange(bytes, newline + 1, bytes.length);
        return List.of(Scan.of(path.getFileName().toString(), new UByteVolume(geometry, labels)));
    }
}
