package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

import org.medannot.coco.convert.CocoExport;
import org.medannot.coco.cvat.CvatExport;
import org.medannot.coco.json.CocoWriter;
import org.medannot.coco.labelstudio.LabelStudioExport;
import org.medannot.core.annotation.Annotation;
import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.annotation.Category;
import org.medannot.core.annotation.Provenance;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.core.spi.Scan;
import org.medannot.core.spi.ScanReader;
import org.medannot.dicom.nifti.NiftiReader;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate export LABELS --format coco|label-studio|cvat --out FILE}: converts a label map
 * into an annotation file, one annotation per non-zero label, one image (or task) per slice.
 */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        description = {
                "Convert a label map (NIfTI, or a segmentation folder holding labels.nii.gz) into COCO JSON,"
                        + " Label Studio tasks or CVAT for images 1.1 XML.",
                "Each non-zero label becomes one annotation named 'label N', with one image (task) per slice.",
                "Exit status: 0 on success, 1 when an input cannot be read, 2 for bad usage (including an --out that is"
                        + " an input file)."
        })
public final class ExportCommand implements Callable<Integer> {

    /** Formats accepted by {@code --format}. */
    enum Format { coco, label_studio, cvat }

    @Parameters(index = "0", paramLabel = "PATH_OR_SEGMENTATION_DIR",
            description = "Label map file (.nii or .nii.gz), or a folder that contains labels.nii.gz.")
    private Path input;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "Output format: coco, label-studio or cvat.", converter = FormatConverter.class)
    private Format format;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "File to write; it must not be the label map or one of the --images files.")
    private Path out;

    @Option(names = "--images", paramLabel = "PATH",
            description = "The source images of the label map (a file or folder any scan reader of this tool reads);"
                    + " their file names become the image names, and their grid must match the label map's.")
    private Path images;

    @Option(names = "--scan-id", paramLabel = "ID",
            description = "Scan identifier written into the file (default: the source scan's id, else the label file's"
                    + " name).")
    private String scanId;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path labelFile = Files.isDirectory(input) ? input.resolve("labels.nii.gz") : input;
        if (!Files.isRegularFile(labelFile)) {
            throw new IOException(labelFile + ": label map not found");
        }
        OutputGuard.requireFileOutput(spec, "--out", out);
        OutputGuard.requireNotInputFile(spec, "--out", out, List.of(labelFile));
        if (images != null) {
            OutputGuard.requireNotInputFile(spec, "--out", out, InfoCommand.listFiles(images));
        }
        LabelMap labels = new NiftiReader().readLabelMap(labelFile);
        Geometry geometry = labels.geometry();

        IntFunction<String> fileNames = null;
        String id = scanId;
        if (images != null) {
            Scan scan = readSourceScan(images, geometry);
            List<Path> sources = scan.sourceFiles();
            if (sources.size() == geometry.slices()) {
                fileNames = k -> sources.get(k).getFileName().toString();
            }
            if (id == null) {
                id = scan.id();
            }
        }
        if (id == null) {
            id = labelFile.getFileName().toString().replaceFirst("\\.nii(\\.gz)?$", "");
        }
        String finalId = id;
        if (fileNames == null) {
            fileNames = k -> CocoExport.defaultFileName(finalId, k);
        }

        AnnotationSet set = annotations(labels, id, labelFile);
        switch (format) {
            case coco -> CocoWriter.write(CocoExport.toDataset(set, geometry, fileNames, k -> null), out);
            case label_studio -> LabelStudioExport.write(set, geometry, fileNames, out);
            case cvat -> CvatExport.write(set, geometry, fileNames, out);
            default -> throw new IllegalStateException("format " + format);
        }
        spec.commandLine().getOut().println(out + ": " + set.annotations().size() + " labels, "
                + geometry.slices() + (geometry.slices() == 1 ? " slice" : " slices"));
        spec.commandLine().getOut().flush();
        return AnnotateCommand.EXIT_OK;
    }

    /** Returns one annotation per non-zero label, attributed to the label map as a model output. */
    private static AnnotationSet annotations(LabelMap labels, String scanId, Path labelFile) {
        Provenance provenance = Provenance.model("label-map", "unknown", Instant.now(),
                labelFile.getFileName().toString());
        List<Annotation> annotations = new ArrayList<>();
        for (int label : labels.labels()) {
            if (label != 0) {
                Category category = new Category(label, "label " + label);
                annotations.add(new Annotation("label-" + label, category, labels.mask(label), 1.0, provenance));
            }
        }
        return AnnotationSet.firstRound(scanId, annotations);
    }

    /** Reads the source images with the first scan reader that accepts them and checks the grid size. */
    private static Scan readSourceScan(Path path, Geometry labelGeometry) throws IOException {
        for (ScanReader reader : ServiceLoader.load(ScanReader.class)) {
            if (!Files.isDirectory(path) && !reader.canRead(path)) {
                continue;
            }
            List<Scan> scans = reader.read(path);
            if (scans.isEmpty()) {
                continue;
            }
            if (scans.size() != 1) {
                throw new IOException(path + ": found " + scans.size() + " scans, expected the one scan of the label map");
            }
            Geometry geometry = scans.get(0).volume().geometry();
            if (geometry.columns() != labelGeometry.columns() || geometry.rows() != labelGeometry.rows()
                    || geometry.slices() != labelGeometry.slices()) {
                throw new IOException(path + ": images are " + geometry.columns() + " x " + geometry.rows() + " x "
                        + geometry.slices() + " but the label map is " + labelGeometry.columns() + " x "
                        + labelGeometry.rows() + " x " + labelGeometry.slices());
            }
            return scans.get(0);
        }
        throw new IOException(path + ": no scan reader of this tool found images there");
    }

    /** Accepts the format names with a hyphen, as the help text writes them. */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value) {
                case "coco" -> Format.coco;
                case "label-studio" -> Format.label_studio;
                case "cvat" -> Format.cvat;
                default -> throw new CommandLine.TypeConversionException("unknown format '" + value
                        + "', expected coco, label-studio or cvat");
            };
        }
    }
}
