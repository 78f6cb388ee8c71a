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
import org.medannot.dicom.series.DicomScanReader;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate convert PATH --out FILE.nii.gz [--series ID]}: builds one volume from DICOM
 * files (or reads a NIfTI file) and writes it as NIfTI-1 with {@link NiftiWriter}: int16 with
 * scl_slope/scl_inter where the values allow, float32 otherwise.
 */
@Command(name = "convert",
        mixinStandardHelpOptions = true,
        description = {
                "Convert one DICOM series (or a NIfTI file) to NIfTI-1 (.nii or .nii.gz).",
                "Exit status: 0 on success, 1 when the input cannot be read or converted, 2 for bad usage "
                        + "(including a PATH with several series and no --series)."
        })
public final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PATH", description = "DICOM file or folder, or a NIfTI file.")
    private Path path;

    @Option(names = "--out", required = true, paramLabel = "FILE.nii.gz", description = "Output NIfTI file; .gz compresses it.")
    private Path out;

    @Option(names = "--series", paramLabel = "UID",
            description = "Series Instance UID (or series id printed by 'annotate info') to convert when PATH contains several.")
    private String series;

    @Option(names = "--allow-irregular",
            description = "Convert a series with gantry tilt, uneven spacing or duplicate positions without resampling.")
    private boolean allowIrregular;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        InfoCommand.listFiles(path);
        List<Scan> scans;
        List<String> skipped = new ArrayList<>();
        if (NiftiReader.isNifti(path)) {
            scans = new NiftiScanReader().read(path);
        } else {
            scans = new DicomScanReader(allowIrregular).read(path, (file, reason) -> skipped.add(file + ": " + reason));
        }
        List<Scan> selected = series == null ? scans
                : scans.stream().filter(scan -> scan.id().equals(series) || scan.id().startsWith(series + "#")).toList();
        if (selected.isEmpty()) {
            String reason = skipped.stream().filter(s -> !s.contains("not a DICOM file")).findFirst().orElse("no image series found");
            throw new IOException(path + ": " + (series == null ? "" : "series " + series + " not found; ") + reason);
        }
        if (selected.size() > 1) {
            String ids = selected.stream().map(Scan::id).collect(Collectors.joining(", "));
            throw new CommandLine.ParameterException(spec.commandLine(),
                    path + " holds " + selected.size() + " series; choose one with --series: " + ids);
        }
        Scan scan = selected.get(0);
        new NiftiWriter().write(scan.volume(), out);
        PrintWriter err = spec.commandLine().getErr();
        for (String warning : scan.warnings()) {
            err.println("annotate: warning: " + warning);
        }
        err.flush();
        return AnnotateCommand.EXIT_OK;
    }
}
