package org.medannot.metrics.agreement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.medannot.metrics.MetricsException;

/**
 * Cohen's kappa for two raters who each assign one nominal label per item (for example one
 * finding per image): kappa = (p_o - p_e) / (1 - p_e), where p_o is the fraction of items with
 * equal labels and p_e = sum over labels of the product of both raters' label fractions
 * (J. Cohen, "A coefficient of agreement for nominal scales", Educational and Psychological
 * Measurement 20, 1960).
 */
public final class CohensKappa {

    private CohensKappa() {
    }

    /**
     * Computes kappa from two equally long label lists, item by item.
     *
     * @param <T> the label type; labels are compared with {@link Object#equals}
     * @return the result; kappa is NaN when p_e = 1 (both raters used one and the same label only)
     * @throws MetricsException when the lists differ in length, are empty or contain null
     */
    public static <T> KappaResult of(List<T> first, List<T> second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first.size() != second.size()) {
            throw new MetricsException("the raters labelled different numbers of items: " + first.size() + " and "
                    + second.size());
        }
        if (first.isEmpty()) {
            throw new MetricsException("kappa needs at least one labelled item, but both lists are empty");
        }
        Map<T, Integer> index = new LinkedHashMap<>();
        for (int n = 0; n < first.size(); n++) {
            if (first.get(n) == null || second.get(n) == null) {
                throw new MetricsException("item " + n + " has no label (null)");
            }
            index.putIfAbsent(first.get(n), index.size());
            index.putIfAbsent(second.get(n), index.size());
        }
        int labels = index.size();
        long[][] confusion = new long[labels][labels];
        for (int n = 0; n < first.size(); n++) {
            confusion[index.get(first.get(n))][index.get(second.get(n))]++;
        }
        double items = first.size();
        double observed = 0;
        double expected = 0;
        for (int l = 0; l < labels; l++) {
            long rowTotal = 0;
            long columnTotal = 0;
            for (int m = 0; m < labels; m++) {
                rowTotal += confusion[l][m];
                columnTotal += confusion[m][l];
            }
            observed += confusion[l][l];
            expected += (rowTotal / items) * (columnTotal / items);
        }
        observed /= items;
        double kappa = expected == 1 ? Double.NaN : (observed - expected) / (1 - expected);
        return new KappaResult(kappa, observed, expected, first.size(), List.copyOf(new ArrayList<>(index.keySet())),
                confusion);
    }

    /**
     * Kappa with its parts.
     *
     * @param kappa              Cohen's kappa in [-1, 1], NaN when undefined
     * @param observedAgreement  p_o
     * @param expectedAgreement  p_e
     * @param items              number of items
     * @param labels             the labels in order of first appearance, which index the confusion matrix
     * @param confusion          counts [first rater's label][second rater's label]
     */
    public record KappaResult(double kappa, double observedAgreement, double expectedAgreement, int items,
            List<?> labels, long[][] confusion) {
    }
}
