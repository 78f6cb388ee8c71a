package org.medannot.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.medannot.core.testing.SharedData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ConfidentialityProfileTest {

    private static final int PATIENT_NAME = 0x00100010;
    private static final int STUDY_INSTANCE_UID = 0x0020000D;
    private static final int STUDY_DATE = 0x00080020;
    private static final int INSTITUTION_NAME = 0x00080080;
    private static final int STUDY_DESCRIPTION = 0x00081030;
    private static final int OVERLAY_DATA_6002 = 0x60023000;
    private static final int SOURCE_IMAGE_SEQUENCE = 0x00082112;
    private static final int ROWS = 0x00280010;

    @Test
    void basicProfileActions() {
        ConfidentialityProfile profile = ConfidentialityProfile.basic();

        // PS3.15 Table E.1-1: Patient's Name Z, Study Instance UID U, Study Date Z,
        // Institution Name X/Z/D, Study Description X, Overlay Data X, Source Image Sequence X/Z/U*.
        assertThat(profile.actionFor(PATIENT_NAME)).isEqualTo(ProfileAction.EMPTY);
        assertThat(profile.actionFor(STUDY_INSTANCE_UID)).isEqualTo(ProfileAction.REPLACE_UID);
        assertThat(profile.actionFor(STUDY_DATE)).isEqualTo(ProfileAction.EMPTY);
        assertThat(profile.actionFor(INSTITUTION_NAME)).isEqualTo(ProfileAction.DUMMY);
        assertThat(profile.actionFor(STUDY_DESCRIPTION)).isEqualTo(ProfileAction.REMOVE);
        assertThat(profile.actionFor(OVERLAY_DATA_6002)).isEqualTo(ProfileAction.REMOVE);
        assertThat(profile.actionFor(SOURCE_IMAGE_SEQUENCE)).isEqualTo(ProfileAction.REPLACE_UIDS_IN_ITEMS);
        assertThat(profile.actionFor(ROWS)).isEqualTo(ProfileAction.KEEP);
        assertThat(profile.lists(ROWS)).isFalse();
    }

    @Test
    void optionsOverrideBasicActions() {
        ConfidentialityProfile profile = ConfidentialityProfile.of(EnumSet.of(ProfileOption.RETAIN_INSTITUTION_IDENTITY,
                ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, ProfileOption.CLEAN_DESCRIPTORS,
                ProfileOption.CLEAN_GRAPHICS, ProfileOption.RETAIN_UIDS));

        assertThat(profile.actionFor(INSTITUTION_NAME)).isEqualTo(ProfileAction.KEEP);
        assertThat(profile.actionFor(STUDY_DATE)).isEqualTo(ProfileAction.CLEAN);
        assertThat(profile.actionFor(STUDY_DESCRIPTION)).isEqualTo(ProfileAction.CLEAN);
        assertThat(profile.actionFor(OVERLAY_DATA_6002)).isEqualTo(ProfileAction.CLEAN);
        assertThat(profile.actionFor(STUDY_INSTANCE_UID)).isEqualTo(ProfileAction.KEEP);
        assertThat(profile.actionFor(PATIENT_NAME)).isEqualTo(ProfileAction.EMPTY);
    }

    @Test
    void repeatingGroupsMatchEvenGroupsOnly() {
        ConfidentialityProfile profile = ConfidentialityProfile.basic();

        assertThat(profile.actionFor(0x601E3000)).isEqualTo(ProfileAction.REMOVE);
        assertThat(profile.lists(0x60203000)).isFalse();
        assertThat(ConfidentialityProfile.isPrivate(0x60013000)).isTrue();
        assertThat(ConfidentialityProfile.isPrivate(0x60003000)).isFalse();
    }

    @Test
    void bothTemporalOptionsAreRejected() {
        assertThatThrownBy(() -> ConfidentialityProfile.of(EnumSet.of(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES,
                ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RETAIN_LONGITUDINAL_FULL_DATES");
    }

    /** Every row of the standard's table resolves as the documented rules say. */
    @Test
    void everyStandardRowResolves() throws IOException {
        Path table = SharedData.require("dicom-standard/confidentiality_profile_attributes.json");
        JsonNode rows = new ObjectMapper().readTree(table.toFile());
        ConfidentialityProfile basic = ConfidentialityProfile.basic();
        ConfidentialityProfile all = ConfidentialityProfile.of(EnumSet.complementOf(
                EnumSet.of(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES)));
        Map<String, ProfileAction> expectedBasic = new HashMap<>(Map.of("X", ProfileAction.REMOVE, "Z",
                ProfileAction.EMPTY, "D", ProfileAction.DUMMY, "U", ProfileAction.REPLACE_UID, "X/Z", ProfileAction.EMPTY,
                "X/D", ProfileAction.DUMMY, "Z/D", ProfileAction.DUMMY, "X/Z/D", ProfileAction.DUMMY, "X/Z/U*",
                ProfileAction.REPLACE_UIDS_IN_ITEMS));
        int checked = 0;
        for (JsonNode row : rows) {
            String id = row.get("id").asText();
            if (!id.matches("[0-9A-Fa-f]{8}")) {
                continue;
            }
            int tag = (int) Long.parseLong(id, 16);
            if (ConfidentialityProfile.isPrivate(tag)) {
                continue;
            }
            String basicCode = row.get("basicProfile").asText();
            assertThat(basic.actionFor(tag)).as("basic action of %s (%s)", id, basicCode)
                    .isEqualTo(expectedBasic.get(basicCode));

            boolean keep = false;
            boolean clean = false;
            for (String column : new String[] {"rtnSafePrivOpt", "rtnUIDsOpt", "rtnDevIdOpt", "rtnInstIdOpt",
                "rtnPatCharsOpt", "rtnLongModifDatesOpt", "cleanDescOpt", "cleanStructContOpt", "cleanGraphOpt"}) {
                JsonNode code = row.get(column);
                if (code != null) {
                    keep |= code.asText().equals("K");
                    clean |= code.asText().equals("C");
                }
            }
            ProfileAction expectedAll = keep ? ProfileAction.KEEP : clean ? ProfileAction.CLEAN
                    : expectedBasic.get(basicCode);
            assertThat(all.actionFor(tag)).as("action of %s with all options", id).isEqualTo(expectedAll);
            checked++;
        }
        assertThat(checked).isGreaterThan(600);
    }
}
