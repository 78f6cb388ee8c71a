package org.medannot.metrics.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.medannot.core.geometry.Geometry;
import org.medannot.core.mask.LabelMap;
import org.medannot.metrics.MetricsException;
import org.medannot.metrics.ReferenceFiles;

/** Expected values from tools/reference/agreement_reference.py (numpy counts, Cohen's definition). */
class AgreementTest {

    private static final JsonNode EXPECTED = ReferenceFiles.json("agreement_expected.json");

    @Test
    void labelAgreementMatchesNumpy() {
        Geometry grid = Geometry.of(122, 101, 30, new double[] {3, 3, 3}, new double[3], Geometry.identityDirection());
        LabelMap first = labelMap(grid, "totalseg_small_reference.u8.gz");
        LabelMap second = labelMap(grid, "totalseg_small_prediction.u8.gz");

        Map<Integer, LabelAgreement.LabelScores> scores = LabelAgreement.compare(first, second);

        JsonNode expected = EXPECTED.get("label_agreement");
        assertThat(scores).hasSize(expected.size());
        Iterator<Map.Entry<String, JsonNode>> labels = expected.fields();
        while (labels.hasNext()) {
            Map.Entry<String, JsonNode> entry = labels.next();
            LabelAgreement.LabelScores label = scores.get(Integer.parseInt(entry.getKey()));
            assertThat(label.firstVoxels()).as("label %s first", entry.getKey()).isEqualTo(entry.getValue().get("first").asLong());
            assertThat(label.secondVoxels()).as("label %s second", entry.getKey()).isEqualTo(entry.getValue().get("second").asLong());
            assertThat(label.bothVoxels()).as("label %s both", entry.getKey()).isEqualTo(entry.getValue().get("both").asLong());
            assertThat(label.dice()).as("label %s dice", entry.getKey())
                    .isCloseTo(entry.getValue().get("dice").asDouble(), within(1e-12));
            assertThat(label.iou()).as("label %s iou", entry.getKey())
                    .isCloseTo(entry.getValue().get("iou").asDouble(), within(1e-12));
        }
    }

    @Test
    void kappaMatchesDefinition() {
        for (JsonNode testCase : EXPECTED.get("kappa")) {
            List<String> first = strings(testCase.get("first"));
            List<String> second = strings(testCase.get("second"));

            CohensKappa.KappaResult result = CohensKappa.of(first, second);

            assertThat(result.kappa()).isCloseTo(testCase.get("kappa").asDouble(), within(1e-12));
            assertThat(result.observedAgreement()).isCloseTo(testCase.get("observed_agreement").asDouble(), within(1e-12));
            assertThat(result.expectedAgreement()).isCloseTo(testCase.get("expected_agreement").asDouble(), within(1e-12));
        }
    }

    @Test
    void kappaOfTextbookTableIsPointFour() {
        // 50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no give p_o = 0.7, p_e = 0.5, kappa = 0.4.
        List<String> first = strings(EXPECTED.get("kappa").get(0).get("first"));
        List<String> second = strings(EXPECTED.get("kappa").get(0).get("second"));

        assertThat(CohensKappa.of(first, second).kappa()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void kappaOfOneSharedLabelIsNaN() {
        assertThat(CohensKappa.of(List.of("a", "a"), List.of("a", "a")).kappa()).isNaN();
    }

    @Test
    void kappaRejectsUnequalLengths() {
        assertThatThrownBy(() -> CohensKappa.of(List.of("a"), List.of("a", "b")))
                .isInstanceOf(MetricsException.class)
                .hasMessageContaining("1 and 2");
    }

    private static LabelMap labelMap(Geometry grid, String resource) {
        byte[] bytes = ReferenceFiles.gunzip(resource);
        int[] values = new int[bytes.length];
        for (int n = 0; n < bytes.length; n++) {
            values[n] = bytes[n] & 0xFF;
        }
        return LabelMap.fromInts(grid, values);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
