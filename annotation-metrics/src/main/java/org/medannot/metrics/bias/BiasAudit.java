package org.medannot.metrics.bias;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.medannot.metrics.MetricsException;

/**
 * Label counts and metric distributions stratified by case attributes (for example sex, age band,
 * manufacturer, site), with a chi-square test of independence between group and label presence,
 * so that a user sees when a label is under-represented in a group.
 *
 * <p>Attribute values are taken as given: the caller decides which attributes were captured
 * before de-identification or kept by the de-identification profile. A case without a value for
 * an attribute falls in the group {@value #MISSING}.
 */
public final class BiasAudit {

    /** Group name of cases that have no value for an attribute. */
    public static final String MISSING = "(missing)";

    private BiasAudit() {
    }

    /**
     * One evaluated case.
     *
     * @param caseId     an identifier that is not a patient identifier
     * @param attributes attribute name to value, for example {@code "sex" -> "F"}
     * @param labels     the label ids present in the case's reference
     * @param metrics    metric name to value for this case, for example {@code "dice" -> 0.91}
     */
    public record Case(String caseId, Map<String, String> attributes, Set<Integer> labels, Map<String, Double> metrics) {

        /** Copies the collections. */
        public Case {
            Objects.requireNonNull(caseId, "caseId");
            attributes = Map.copyOf(attributes);
            labels = Set.copyOf(labels);
            metrics = Map.copyOf(metrics);
        }
    }

    /**
     * Stratifies {@code cases} by each attribute.
     *
     * @param attributeNames attributes to stratify by
     * @param labels         labels whose presence is counted and tested
     * @param metricNames    metrics whose distribution is summarized per group
     * @return one stratification per attribute, in the given order
     * @throws MetricsException when there are no cases
     */
    public static List<Stratification> audit(Collection<Case> cases, List<String> attributeNames,
            Collection<Integer> labels, Collection<String> metricNames) {
        if (cases.isEmpty()) {
            throw new MetricsException("the bias audit needs at least one case, but got none");
        }
        List<Stratification> result = new ArrayList<>();
        for (String attribute : attributeNames) {
            Map<String, List<Case>> groups = new TreeMap<>();
            for (Case c : cases) {
                groups.computeIfAbsent(c.attributes().getOrDefault(attribute, MISSING), k -> new ArrayList<>()).add(c);
            }
            List<String> groupNames = List.copyOf(groups.keySet());
            long[] caseCounts = groups.values().stream().mapToLong(List::size).toArray();

            Map<Integer, LabelPresence> presence = new TreeMap<>();
            for (int label : new TreeSet<>(labels)) {
                long[][] table = new long[groupNames.size()][2];
                for (int g = 0; g < groupNames.size(); g++) {
                    for (Case c : groups.get(groupNames.get(g))) {
                        table[g][c.labels().contains(label) ? 0 : 1]++;
                    }
                }
                presence.put(label, new LabelPresence(label, table, testOrNull(table)));
            }

            Map<String, Map<String, Summary>> distributions = new TreeMap<>();
            for (String metric : metricNames) {
                Map<String, Summary> byGroup = new TreeMap<>();
                for (String group : groupNames) {
                    byGroup.put(group, Summary.of(groups.get(group).stream()
                            .map(c -> c.metrics().get(metric)).toList()));
                }
                distributions.put(metric, byGroup);
            }
            result.add(new Stratification(attribute, groupNames, caseCounts, presence, distributions));
        }
        return result;
    }

    /** Returns the test, or null when a row or column of the table is all zero (the test is undefined). */
    private static ChiSquareResult testOrNull(long[][] table) {
        if (table.length < 2) {
            return null;
        }
        for (long[] row : table) {
            if (row[0] + row[1] == 0) {
                return null;
            }
        }
        long present = Arrays.stream(table).mapToLong(row -> row[0]).sum();
        long absent = Arrays.stream(table).mapToLong(row -> row[1]).sum();
        if (present == 0 || absent == 0) {
            return null;
        }
        return ChiSquareTest.independence(table, true);
    }

    /**
     * The cases of one attribute split into groups.
     *
     * @param attribute     the attribute name
     * @param groups        the group values, sorted
     * @param caseCounts    number of cases per group, in the order of {@code groups}
     * @param labelPresence per label, the counts of cases with and without it per group, and the test
     * @param distributions metric name to group to the summary of that metric's per-case values
     */
    public record Stratification(String attribute, List<String> groups, long[] caseCounts,
            Map<Integer, LabelPresence> labelPresence, Map<String, Map<String, Summary>> distributions) {
    }

    /**
     * Presence of one label per group.
     *
     * @param label  the label id
     * @param counts per group (rows, in the order of the groups): [cases with the label, cases without]
     * @param test   the chi-square test of independence of group and presence (Yates-corrected when
     *               there are two groups), or null when undefined because a group has no cases or
     *               the label is present in all or no cases
     */
    public record LabelPresence(int label, long[][] counts, ChiSquareResult test) {
    }

    /**
     * Distribution of one metric's per-case values in one group. NaN values (undefined metrics,
     * for example with an empty mask) are counted apart and left out of the other numbers.
     *
     * @param count    values that are not NaN
     * @param nanCount NaN or missing values
     * @param mean     arithmetic mean, NaN when count is 0
     * @param standardDeviation sample standard deviation (n - 1), NaN when count &lt; 2
     * @param min      minimum
     * @param median   median (linear interpolation)
     * @param max      maximum
     */
    public record Summary(long count, long nanCount, double mean, double standardDeviation, double min, double median,
            double max) {

        static Summary of(List<Double> values) {
            double[] finite = values.stream().filter(v -> v != null && !v.isNaN()).mapToDouble(Double::doubleValue)
                    .sorted().toArray();
            long nan = values.size() - finite.length;
            if (finite.length == 0) {
                return new Summary(0, nan, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double mean = Arrays.stream(finite).sum() / finite.length;
            double squares = 0;
            for (double v : finite) {
                squares += (v - mean) * (v - mean);
            }
            double sd = finite.length < 2 ? Double.NaN : Math.sqrt(squares / (finite.length - 1));
            return new Summary(finite.length, nan, mean, sd, finite[0],
                    org.medannot.metrics.distance.Percentiles.linear(finite, 50), finite[finite.length - 1]);
        }
    }
}
