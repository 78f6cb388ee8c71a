package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The JSON form of a report, read back with Jackson. */
class DeidentificationReportTest {

    @Test
    void jsonEscapesReadBack() throws Exception {
        String reason = "quote \" backslash \\ tab \t line\nend \u0001 \u00e9";
        DeidentificationReport report = new DeidentificationReport("in.dcm", "ab12", "out/x.dcm",
                DeidentificationReport.Status.REJECTED, reason,
                List.of(new DeidentificationReport.Action("(0008,1030)", "StudyDescription", "dummy")), 3, List.of(),
                List.of("original value of (0010,0010) found in (0008,1030)"));

        JsonNode json = new ObjectMapper().readTree(report.toJson());

        assertThat(json.get("reason").asText()).isEqualTo(reason);
        assertThat(json.get("output").asText()).isEqualTo("out/x.dcm");
        assertThat(json.get("inputSha256").asText()).isEqualTo("ab12");
        assertThat(json.get("keptUnlisted").asInt()).isEqualTo(3);
        assertThat(json.get("actions").get(0).get("keyword").asText()).isEqualTo("StudyDescription");
        assertThat(json.get("residualFindings").get(0).asText()).isEqualTo("original value of (0010,0010) found in (0008,1030)");
        assertThat(json.has("input")).isFalse();
    }
}
