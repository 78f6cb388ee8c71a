package org.medannot.metrics.distance;

import org.medannot.core.geometry.BoundingBox;
import org.medannot.core.mask.Mask;

/**
 * Masks copied into one byte of bit flags per voxel of a box of the grid, with the surface flags
 * the distance metrics need.
 */
final class FlagGrid {

    final BoundingBox box;
    final int nx;
    final int ny;
    final int nz;
    final byte[] flags;

    private FlagGrid(BoundingBox box) {
        this.box = box;
        this.nx = box.width();
        this.ny = box.height();
        this.nz = box.depth();
        this.flags = new byte[Math.multiplyExact(Math.multiplyExact(nx, ny), nz)];
    }

    /** Creates a grid over {@code box} with every flag cleared. */
    static FlagGrid of(BoundingBox box) {
        return new FlagGrid(box);
    }

    /** Sets {@code bit} on every voxel of the box that is foreground in {@code mask}. */
    void addMask(Mask mask, int bit) {
        int columns = mask.geometry().columns();
        int rows = mask.geometry().rows();
        byte flag = (byte) bit;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                long maskIndex = box.minX() + (long) columns * ((box.minY() + y) + (long) rows * (box.minZ() + z));
                int target = nx * (y + ny * z);
                int x = 0;
                while (x < nx) {
                    long index = maskIndex + x;
                    int wordIndex = (int) (index >>> 6);
                    int shift = (int) (index & 63);
                    long word = mask.word(wordIndex) >>> shift;
                    int take = Math.min(64 - shift, nx - x);
                    while (word != 0) {
                        int bitInWord = Long.numberOfTrailingZeros(word);
                        if (bitInWord >= take) {
                            break;
                        }
                        flags[target + x + bitInWord] |= flag;
                        word &= word - 1;
                    }
                    x += take;
                }
            }
        }
    }

    /**
     * Sets {@code surfaceBit} on the voxels with {@code maskBit} that have at least one neighbour
     * without it along the cross structure: 6 neighbours in 3D, the 4 in-plane neighbours when
     * {@code planar}. Neighbours outside the box count as background, which is right because the
     * box contains the whole mask, and matches an erosion whose border value is 0.
     *
     * @return the number of surface voxels
     */
    int markSurface(int maskBit, int surfaceBit, boolean planar) {
        int sliceSize = nx * ny;
        int count = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int rowStart = nx * (y + ny * z);
                for (int x = 0; x < nx; x++) {
                    int n = rowStart + x;
                    if ((flags[n] & maskBit) == 0) {
                        continue;
                    }
                    boolean interior = x > 0 && (flags[n - 1] & maskBit) != 0
                            && x < nx - 1 && (flags[n + 1] & maskBit) != 0
                            && y > 0 && (flags[n - nx] & maskBit) != 0
                            && y < ny - 1 && (flags[n + nx] & maskBit) != 0;
                    if (interior && !planar) {
                        interior = z > 0 && (flags[n - sliceSize] & maskBit) != 0
                                && z < nz - 1 && (flags[n + sliceSize] & maskBit) != 0;
                    }
                    if (!interior) {
                        flags[n] |= (byte) surfaceBit;
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
