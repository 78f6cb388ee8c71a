package org.medannot.metrics.bias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BiasAuditTest {

    @Test
    void countsAndTestPerGroup() {
        // Site A: 12 of 17 cases show label 5; site B: 7 of 26. The chi-square values of this
        // table with Yates' correction come from scipy.stats.chi2_contingency (agreement_expected.json).
        List<BiasAudit.Case> cases = new ArrayList<>();
        addCases(cases, "A", 12, 5, 0.9);
        addCases(cases, "B", 7, 19, 0.7);

        List<BiasAudit.Stratification> strata = BiasAudit.audit(cases, List.of("site"), List.of(5), List.of("dice"));

        BiasAudit.Stratification site = strata.get(0);
        assertThat(site.groups()).containsExactly("A", "B");
        assertThat(site.caseCounts()).containsExactly(17, 26);
        BiasAudit.LabelPresence presence = site.labelPresence().get(5);
        assertThat(presence.counts()[0]).containsExactly(12, 5);
        assertThat(presence.counts()[1]).containsExactly(7, 19);
        assertThat(presence.test().statistic()).isCloseTo(6.274940213939829, within(1e-9));
        assertThat(presence.test().pValue()).isCloseTo(0.012245725251445815, within(1e-12));
        assertThat(site.distributions().get("dice").get("A").mean()).isCloseTo(0.9, within(1e-12));
        assertThat(site.distributions().get("dice").get("B").count()).isEqualTo(26);
    }

    @Test
    void missingAttributeFormsItsOwnGroup() {
        List<BiasAudit.Case> cases = List.of(
                new BiasAudit.Case("c1", Map.of("sex", "F"), Set.of(1), Map.of("dice", 0.8)),
                new BiasAudit.Case("c2", Map.of(), Set.of(), Map.of("dice", Double.NaN)));

        BiasAudit.Stratification sex = BiasAudit.audit(cases, List.of("sex"), List.of(1), List.of("dice")).get(0);

        assertThat(sex.groups()).containsExactly("(missing)", "F");
        assertThat(sex.distributions().get("dice").get("(missing)").nanCount()).isEqualTo(1);
        assertThat(sex.distributions().get("dice").get("(missing)").mean()).isNaN();
    }

    @Test
    void labelInEveryCaseHasNoTest() {
        List<BiasAudit.Case> cases = List.of(
                new BiasAudit.Case("c1", Map.of("site", "A"), Set.of(1), Map.of()),
                new BiasAudit.Case("c2", Map.of("site", "B"), Set.of(1), Map.of()));

        BiasAudit.Stratification site = BiasAudit.audit(cases, List.of("site"), List.of(1), List.of()).get(0);

        assertThat(site.labelPresence().get(1).test()).isNull();
    }

    private static void addCases(List<BiasAudit.Case> cases, String site, int withLabel, int without, double dice) {
        for (int n = 0; n < withLabel + without; n++) {
            Set<Integer> labels = n < withLabel ? Set.of(5) : Set.of();
            cases.add(new BiasAudit.Case(site + n, Map.of("site", site), labels, Map.of("dice", dice)));
        }
    }
}
