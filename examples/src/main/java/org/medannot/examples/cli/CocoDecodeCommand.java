package org.medannot.examples.cli;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

import org.medannot.coco.rle.Rle;
import org.medannot.coco.json.CocoReader;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code annotate coco decode RLE.json --out MASK.png}: writes a COCO RLE as an 8-bit mask image. */
@Command(name = "decode",
        mixinStandardHelpOptions = true,
        description = "Write the mask of a COCO RLE ({\"size\": [h, w], \"counts\": ...}) as an 8-bit grey PNG:"
                + " 255 for foreground, 0 for background.")
public final class CocoDecodeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RLE.json", description = "File with one RLE object.")
    private Path file;

    @Option(names = "--out", required = true, paramLabel = "MASK.png", description = "PNG file to write.")
    private Path out;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "100000000",
            description = "Largest height * width to decode (default: ${DEFAULT-VALUE}); guards against huge declared sizes.")
    private long maxPixels;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (maxPixels < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-pixels must be at least 1, but was " + maxPixels);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": file not found");
        }
        OutputGuard.requireFileOutput(spec, "--out", out);
        OutputGuard.requireNotInputFile(spec, "--out", out, java.util.List.of(file));
        Rle rle = CocoReader.readRle(file);
        if (rle.pixelCount() > maxPixels) {
            throw new IOException(file + ": RLE size [" + rle.height() + ", " + rle.width() + "] has "
                    + rle.pixelCount() + " pixels, more than --max-pixels " + maxPixels);
        }
        if (rle.pixelCount() == 0) {
            throw new IOException(file + ": RLE size [" + rle.height() + ", " + rle.width()
                    + "] has no pixels, so there is no image to write");
        }

        BufferedImage image = new BufferedImage(rle.width(), rle.height(), BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        byte[] columnMajor = rle.decode();
        int height = rle.height();
        for (int x = 0; x < rle.width(); x++) {
            for (int y = 0; y < height; y++) {
                if (columnMajor[x * height + y] != 0) {
                    raster.setSample(x, y, 0, 255);
                }
            }
        }

        Path target = out.toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", temporary.toFile())) {
                throw new IOException("no PNG writer available in this Java runtime");
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        spec.commandLine().getOut().println(out + ": " + rle.width() + " x " + rle.height() + ", " + rle.area()
                + " foreground pixels");
        spec.commandLine().getOut().flush();
        return AnnotateCommand.EXIT_OK;
    }
}
