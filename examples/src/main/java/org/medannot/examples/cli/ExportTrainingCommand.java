package org.medannot.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.volume.Volume;
import org.medannot.dicom.nifti.NiftiReader;
import org.medannot.examples.review.RoundDirectory;
import org.medannot.examples.review.TrainingExport;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate export-training ROUND_DIR --image IMAGE.nii.gz --format nnunet|monai|coco --out DIR}:
 * writes a reviewed round and its image as a training set.
 */
@Command(name = "export-training",
        mixinStandardHelpOptions = true,
        description = "Export a reviewed round with its image as an nnU-Net v2 raw dataset, a MONAI datalist or COCO.")
public final class ExportTrainingCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ROUND_DIR", description = "Round folder (round.json and masks/).")
    private Path round;

    @Option(names = "--image", required = true, paramLabel = "IMAGE.nii.gz",
            description = "NIfTI image of the scan the round annotates; its grid must match the masks.")
    private Path image;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "nnunet, monai or coco.")
    private String format;

    @Option(names = "--channel-name", paramLabel = "NAME", defaultValue = "CT",
            description = "nnU-Net channel name of the image (default: ${DEFAULT-VALUE}).")
    private String channelName;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to create.")
    private Path out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TrainingExport.Format chosen;
        try {
            chosen = TrainingExport.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be nnunet, monai or coco, but was '"
                    + format + "'");
        }
        if (!Files.isRegularFile(image)) {
            throw new IOException(image + ": file not found");
        }
        AnnotationSet set = RoundDirectory.read(round);
        Volume volume = new NiftiReader().readVolume(image);
        List<String> files = TrainingExport.write(set, volume, chosen, channelName, out);
        for (String file : files) {
            spec.commandLine().getOut().println(out.resolve(file));
        }
        spec.commandLine().getOut().flush();
        return AnnotateCommand.EXIT_OK;
    }
}
