package org.medannot.coco.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a COCO dataset or results file and lists every problem with its JSON pointer, without
 * keeping the file in memory.
 *
 * <p>Errors: invalid JSON (including a truncated file); a field of the wrong type or missing; an
 * id that is not unique in its list; an annotation whose {@code image_id} or {@code category_id}
 * is not found; RLE {@code size} that is not [height, width] of its image; RLE runs that are
 * negative or do not add up to height * width; a polygon with an odd number of coordinates or
 * fewer than 6; a {@code bbox} with negative width or height; {@code iscrowd} other than 0 or 1;
 * a crowd annotation without an RLE. Warnings: annotation id 0 (COCOeval records a match to it as
 * no match), a missing {@code bbox}, an empty polygon list, an image license that is not found.
 *
 * <p>A declared size is never allocated: RLE runs are checked against it arithmetically, and sizes
 * above {@link org.medannot.coco.rle.Rle#MAX_PIXELS} are errors.
 */
public final class CocoValidator {

    private CocoValidator() {
    }

    /**
     * Returns the problems of the file, errors and warnings in file order (reference errors come
     * last). An empty list means the file is valid.
     *
     * @throws IOException only when the file cannot be read; bad content is reported as problems
     */
    public static List<CocoProblem> validate(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return validate(in);
        }
    }

    /** Returns the problems of the document read from {@code in}. */
    public static List<CocoProblem> validate(InputStream in) throws IOException {
        Problems problems = new Problems();
        new DatasetParser(problems).parseAny(in, new CocoVisitor() { }, result -> { });
        return problems.list();
    }
}
