package org.medannot.inference.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Locates the committed models and writes model + descriptor pairs into a test folder. */
public final class TestModels {

    /** The demonstration liver and spleen U-Net committed in examples/models. */
    public static final Path UNET = Path.of("..", "examples", "models", "liver-spleen-unet2d.onnx");

    private TestModels() {
    }

    /**
     * Copies the test resource {@code models/<name>} to {@code folder/<name>} and writes
     * {@code descriptorJson} next to it as the model's descriptor; returns the model path.
     */
    public static Path withDescriptor(Path folder, String name, String descriptorJson) throws IOException {
        Path model = folder.resolve(name);
        try (InputStream in = TestModels.class.getResourceAsStream("/models/" + name)) {
            if (in == null) {
                throw new IOException("test resource models/" + name + " is missing");
            }
            Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(folder.resolve(name.replace(".onnx", ".json")), descriptorJson);
        return model;
    }

    /** Copies {@code model} into {@code folder} with {@code descriptorJson} as its descriptor. */
    public static Path copyWithDescriptor(Path model, Path folder, String descriptorJson) throws IOException {
        Path copy = folder.resolve(model.getFileName());
        Files.copy(model, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(folder.resolve(model.getFileName().toString().replace(".onnx", ".json")), descriptorJson);
        return copy;
    }
}
