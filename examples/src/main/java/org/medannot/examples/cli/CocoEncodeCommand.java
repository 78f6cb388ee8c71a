package org.medannot.examples.cli;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.medannot.coco.rle.Rle;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate coco encode MASK.png}: prints the COCO RLE of a mask image, with pycocotools'
 * area and bounding box.
 */
@Command(name = "encode",
        mixinStandardHelpOptions = true,
        description = {
                "Print the COCO RLE of a mask image (PNG, or any format ImageIO reads) as one JSON line:",
                "{\"size\": [h, w], \"counts\": \"<compressed string>\", \"area\": N, \"bbox\": [x, y, w, h]}.",
                "A pixel is foreground when any of its channels is non-zero."
        })
public final class CocoEncodeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MASK.png", description = "Mask image; non-zero pixels are foreground.")
    private Path file;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": file not found");
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + ": not an image format that ImageIO can read (expected PNG)");
        }
        Rle rle = encode(image.getRaster());

        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.createObjectNode();
        json.putArray("size").add(rle.height()).add(rle.width());
        json.put("counts", rle.toCompressedString());
        json.put("area", rle.area());
        ArrayNode bbox = json.putArray("bbox");
        for (double value : rle.toBbox()) {
            bbox.add((long) value);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(mapper.writeValueAsString(json));
        out.flush();
        return AnnotateCommand.EXIT_OK;
    }

    /** Encodes a raster, reading it column by column into COCO's column-major order. */
    static Rle encode(Raster raster) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bands = raster.getNumBands();
        byte[] columnMajor = new byte[width * height];
        int[] samples = new int[height * bands];
        for (int x = 0; x < width; x++) {
            raster.getPixels(x, 0, 1, height, samples);
            for (int y = 0; y < height; y++) {
                for (int b = 0; b < bands; b++) {
                    if (samples[y * bands + b] != 0) {
                        columnMajor[x * height + y] = 1;
                        break;
                    }
                }
            }
        }
        return Rle.encode(columnMajor, height, width);
    }
}
