package org.medannot.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.medannot.core.annotation.AnnotationSet;
import org.medannot.core.review.AnnotationChange;
import org.medannot.core.review.RoundDiff;
import org.medannot.examples.review.RoundDirectory;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code annotate review diff A_DIR B_DIR}: lists the annotations added, removed or changed from
 * round A to round B, one per line: kind, id, changed voxel count and what changed.
 */
@Command(name = "diff",
        mixinStandardHelpOptions = true,
        description = "List annotations added, removed or changed between two rounds of a scan, with the number of"
                + " voxels in exactly one of the two shapes.")
public final class ReviewDiffCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "A_DIR", description = "Earlier round folder.")
    private Path from;

    @Parameters(index = "1", paramLabel = "B_DIR", description = "Later round folder.")
    private Path to;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AnnotationSet a = RoundDirectory.read(from);
        AnnotationSet b = RoundDirectory.read(to);
        List<AnnotationChange> changes = RoundDiff.between(a, b);

        PrintWriter out = spec.commandLine().getOut();
        out.println("scan " + a.scanId() + ": round " + a.round() + " (" + a.contentHash().substring(0, 12) + ") -> round "
                + b.round() + " (" + b.contentHash().substring(0, 12) + ")");
        for (AnnotationChange change : changes) {
            StringBuilder line = new StringBuilder();
            line.append(change.kind().name().toLowerCase()).append('\t').append(change.annotationId()).append('\t')
                    .append(change.changedVoxels()).append(" voxels");
            if (change.shapeChanged() && change.kind() == org.medannot.core.review.ChangeKind.CHANGED) {
                line.append("\tshape");
            }
            if (change.categoryChanged()) {
                line.append("\tcategory");
            }
            out.println(line);
        }
        out.println(changes.size() + (changes.size() == 1 ? " difference" : " differences"));
        out.flush();
        return AnnotateCommand.EXIT_OK;
    }
}
