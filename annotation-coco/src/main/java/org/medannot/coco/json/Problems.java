package org.medannot.coco.json;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems found while reading one file. */
final class Problems {

    private final List<CocoProblem> list = new ArrayList<>();
    private int errors;

    void error(String pointer, String message) {
        list.add(new CocoProblem(CocoProblem.Severity.ERROR, pointer, message));
        errors++;
    }

    void warning(String pointer, String message) {
        list.add(new CocoProblem(CocoProblem.Severity.WARNING, pointer, message));
    }

    int errorCount() {
        return errors;
    }

    List<CocoProblem> list() {
        return List.copyOf(list);
    }
}
