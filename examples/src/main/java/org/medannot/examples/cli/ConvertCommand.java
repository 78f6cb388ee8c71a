package org.medannot.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.medannot.core.spi.Scan;
import org.medannot.dicom.nifti.NiftiReader;
import org.medannot.dicom.nifti.NiftiScanReader;
import org.medannot.dicom.nifti.NiftiWriter;
import org.medannot.core.volume.Volume;
import org.medannot.dicom.series.DicomSeries;
import org.medannot.dicom.series.DicomVolume;
import org.medannot.dicom.series.SeriesScanner;
import org.medannot.dicom.series.SeriesVolumeBuilder;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate convert PATH --out FILE.nii.gz [--series ID]}: builds one volume from DICOM
 * files (or reads a NIfTI file) and writes it as NIfTI-1 with {@link NiftiWriter}: int16 with
 * scl_slope/scl_inter where the values allow, float32 otherwise. An {@code --out} that does not
 * end in {@code .nii} or {@code .nii.gz}, or that is PATH itself or a file under it, is bad
 * usage.
 */
@Command(name = "convert",
        mixinStandardHelpOptions = true,
        description = {
                "Convert one DICOM series (or a NIfTI file) to NIfTI-1 (.nii or .nii.gz).",
                "Exit status: 0 on success, 1 when the input cannot be read or converted, 2 for bad usage "
                        + "(including a PATH with several series and no --series, and an --out that does not end in"
                        + " .nii or .nii.gz or that is an input file)."
        })
public final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PATH", description = "DICOM file or folder, or a NIfTI file.")
    private Path path;

    @Option(names = "--out", required = true, paramLabel = "FILE.nii.gz",
            description = "Output NIfTI-1 file, named *.nii or *.nii.gz (compressed); it must not be an input file.")
    private Path out;

    @Option(names = "--series", paramLabel = "UID",
            description = "Series Instance UID (or series id printed by 'annotate info') to convert when PATH contains several; "
                    + "append @N to take time point N (1-based) of a series that repeats its slice positions.")
    private String series;

    @Option(names = "--allow-irregular",
            description = "Convert a series with gantry tilt, uneven spacing or duplicate positions without resampling.")
    private boolean allowIrregular;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        if (!name.endsWith(".nii") && !name.endsWith(".nii.gz")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out
                    + ": expected a file name ending in .nii or .nii.gz, because the output is NIfTI-1");
        }
        OutputGuard.requireFileOutput(spec, "--out", out);
        OutputGuard.requireNotInputFile(spec, "--out", out, InfoCommand.listFiles(path));

        Volume volume;
        List<String> warnings = new ArrayList<>();
        if (NiftiReader.isNifti(path)) {
            List<Scan> scans = new NiftiScanReader().read(path);
            if (scans.size() > 1) {
                throw new IOException(path + ": expected a 3D NIfTI file, found " + scans.size() + " volumes");
            }
            volume = scans.get(0).volume();
        } else {
            String[] idAndTimePoint = series == null ? new String[] {null} : series.split("@", 2);
            DicomSeries selected = selectSeries(new SeriesScanner().scan(path), idAndTimePoint[0]);
            SeriesVolumeBuilder builder = new SeriesVolumeBuilder(allowIrregular);
            DicomVolume built;
            if (idAndTimePoint.length == 2) {
                built = timePoint(builder.buildTimeSeries(selected), idAndTimePoint[1]);
            } else {
                built = builder.build(selected);
            }
            volume = built.volume();
            warnings.addAll(selected.warnings());
            built.seriesGeometry().irregularities().forEach(irregularity -> warnings.add(irregularity.toString()));
            warnings.addAll(built.notes());
        }
        new NiftiWriter().write(volume, out);
        PrintWriter err = spec.commandLine().getErr();
        for (String warning : warnings) {
            err.println("annotate: warning: " + warning);
        }
        err.flush();
        return AnnotateCommand.EXIT_OK;
    }

    private DicomVolume timePoint(List<DicomVolume> volumes, String number) {
        int index;
        try {
            index = Integer.parseInt(number) - 1;
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0 || index >= volumes.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--series " + series + ": expected a time point from 1 to " + volumes.size() + " after '@'");
        }
        return volumes.get(index);
    }

    private DicomSeries selectSeries(SeriesScanner.Result result, String id) throws IOException {
        List<DicomSeries> candidates = result.series();
        if (id != null) {
            candidates = candidates.stream()
                    .filter(s -> s.id().equals(id) || s.seriesInstanceUid().equals(id))
                    .toList();
        }
        if (candidates.isEmpty()) {
            String reason = result.skipped().stream()
                    .map(SeriesScanner.Skipped::reason)
                    .filter(r -> !r.startsWith("not a DICOM file"))
                    .findFirst()
                    .orElse("no image series found");
            throw new IOException(AnnotateCommand.aboutFile(path, (id == null ? "" : "series " + id + " not found; ") + reason));
        }
        if (candidates.size() > 1) {
            String ids = candidates.stream().map(DicomSeries::id).collect(Collectors.joining(", "));
            throw new CommandLine.ParameterException(spec.commandLine(),
                    path + " contains " + candidates.size() + " series; choose one with --series: " + ids);
        }
        return candidates.get(0);
    }
}
