package org.medannot.dicom.pixel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Parametric Map files with Float and Double Float Pixel Data under
 * src/test/resources/org/medannot/dicom/pixel/float, and the arrays and geometry that pydicom
 * 2.3.1 and numpy read from them (float-maps.json and the .f32 files). All were written by
 * tools/reference/float_pixel_fixtures.py from a real Siemens XA10 enhanced MR (64 x 64 pixels,
 * 6 frames) of github.com/neurolabusc/dcm_qa_enh, BSD-2-Clause, whose stored values were mapped to
 * value x 0.001 + 0.5.
 */
public final class FloatMapFixtures {

    private static final String FOLDER = "/org/medannot/dicom/pixel/float/";

    /**
     * One file and pydicom's reading of it.
     *
     * @param reference pydicom's pixel_array of the file as float32 (narrowed with numpy for
     *     Double Float Pixel Data), frame by frame, row by row
     * @param framePositions Image Position (Patient) of each frame in file order
     */
    public record Fixture(String name, Path path, String transferSyntaxUid, PixelDataElement element, int frames, int rows,
            int columns, float[] reference, double[][] framePositions, double[] imageOrientation, double[] pixelSpacing,
            Grid grid) {

        /** Returns the reference value of frame {@code frame} (file order) at row {@code row}, column {@code column}. */
        public float referenceAt(int frame, int row, int column) {
            return reference[(frame * rows + row) * columns + column];
        }
    }

    /**
     * The volume grid of a file's frames as numpy computes it from pydicom's values.
     *
     * @param size columns, rows, slices
     * @param spacing mm along i, j, k
     * @param origin LPS mm of the first voxel's centre
     * @param direction nine LPS direction cosines of i, j and k
     * @param sliceOrder file frame index of each slice k
     */
    public record Grid(int[] size, double[] spacing, double[] origin, double[] direction, int[] sliceOrder) {
    }

    private FloatMapFixtures() {
    }

    /** Returns every fixture, in the order of float-maps.json. */
    public static List<Fixture> all() {
        JsonNode document = readJson();
        Path folder = folder();
        int rows = document.get("referenceShape").get(1).asInt();
        int columns = document.get("referenceShape").get(2).asInt();
        List<Fixture> fixtures = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> files = document.get("files").fields();
        while (files.hasNext()) {
            Map.Entry<String, JsonNode> entry = files.next();
            JsonNode file = entry.getValue();
            int frames = file.get("frames").asInt();
            float[] all = readFloats(folder.resolve(file.get("reference").asText()));
            int first = file.get("firstReferenceFrame").asInt() * rows * columns;
            float[] reference = Arrays.copyOfRange(all, first, first + frames * rows * columns);
            PixelDataElement element = file.get("element").asText().equals("FloatPixelData")
                    ? PixelDataElement.FLOAT_PIXEL_DATA : PixelDataElement.DOUBLE_FLOAT_PIXEL_DATA;
            double[][] positions = new double[frames][];
            for (int f = 0; f < frames; f++) {
                positions[f] = doubles(file.get("framePositions").get(f));
            }
            JsonNode grid = file.get("grid");
            int[] size = {grid.get("size").get(0).asInt(), grid.get("size").get(1).asInt(), grid.get("size").get(2).asInt()};
            int[] sliceOrder = new int[frames];
            for (int k = 0; k < frames; k++) {
                sliceOrder[k] = grid.get("sliceOrder").get(k).asInt();
            }
            fixtures.add(new Fixture(entry.getKey(), folder.resolve(entry.getKey()), file.get("transferSyntaxUid").asText(), element,
                    frames, rows, columns, reference, positions, doubles(file.get("imageOrientationPatient")),
                    doubles(file.get("pixelSpacing")), new Grid(size, doubles(grid.get("spacing")), doubles(grid.get("origin")),
                            doubles(grid.get("direction")), sliceOrder)));
        }
        return fixtures;
    }

    /** Returns the fixture of one file name. */
    public static Fixture get(String name) {
        return all().stream().filter(fixture -> fixture.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fixture " + name + " in float-maps.json"));
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static float[] readFloats(Path file) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[buffer.remaining() / 4];
            buffer.asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson() {
        try {
            return new ObjectMapper().readTree(folder().resolve("float-maps.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path folder() {
        URL url = FloatMapFixtures.class.getResource(FOLDER + "float-maps.json");
        if (url == null) {
            throw new IllegalStateException("missing test resource " + FOLDER + "float-maps.json");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
