package org.medannot.metrics.report;

import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders the self-contained HTML page of a {@link ValidationReport} from its JSON tree. */
final class HtmlPage {

    private static final List<String> LABEL_COLUMNS = List.of("dice", "iou", "precision", "recall", "hd_mm", "hd95_mm",
            "assd_mm", "nsd", "volume_ml_reference", "volume_ml_prediction", "case_count");
    private static final List<String> CASE_COLUMNS = List.of("dice", "iou", "hd95_mm", "assd_mm", "nsd", "empty_case");
    private static final List<String> CATEGORY_COLUMNS = List.of("ap", "ap50", "ap75", "ap_small", "ap_medium",
            "ap_large", "ar1", "ar10", "ar100");

    private final JsonNode json;
    private final List<Overlay> overlays;
    private final StringBuilder html = new StringBuilder();

    HtmlPage(JsonNode json, List<Overlay> overlays) {
        this.json = json;
        this.overlays = overlays;
    }

    String render() {
        boolean coco = "coco".equals(json.get("mode").asText());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Validation report</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}")
                .append("th,td{border:1px solid #bbb;padding:2px 8px;text-align:right}")
                .append("th{background:#eee}td.text{text-align:left}")
                .append("figure{display:inline-block;margin:0 1em 1em 0}img{image-rendering:pixelated}\n")
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>Validation report (").append(coco ? "COCO evaluation" : "label maps").append(")</h1>\n");
        parameters();
        if (coco) {
            cocoStats();
            perCategory();
        } else {
            labelTable();
            histogram();
            overlaySection();
            caseTable();
        }
        if (json.has("bias_audit")) {
            biasAudit();
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private void parameters() {
        html.append("<h2>Parameters</h2>\n<table>\n");
        Iterator<Map.Entry<String, JsonNode>> fields = json.get("parameters").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            html.append("<tr><th>").append(escape(field.getKey())).append("</th>");
            if (field.getValue().isNumber()) {
                number("parameters/" + field.getKey(), field.getValue());
            } else {
                String text = field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString();
                html.append("<td class=\"text\">").append(escape(text)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void labelTable() {
        html.append("<h2>Per-label metrics</h2>\n<table>\n<tr><th>label</th>");
        LABEL_COLUMNS.forEach(column -> html.append("<th>").append(column).append("</th>"));
        html.append("</tr>\n");
        Iterator<Map.Entry<String, JsonNode>> labels = json.get("labels").fields();
        while (labels.hasNext()) {
            Map.Entry<String, JsonNode> label = labels.next();
            html.append("<tr><td>").append(escape(label.getKey())).append("</td>");
            for (String column : LABEL_COLUMNS) {
                number("labels/" + label.getKey() + "/" + column, label.getValue().get(column));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void caseTable() {
        html.append("<h2>Per-case metrics</h2>\n<table>\n<tr><th>case</th><th>label</th>");
        CASE_COLUMNS.forEach(column -> html.append("<th>").append(column).append("</th>"));
        html.append("</tr>\n");
        JsonNode cases = json.get("cases");
        for (int c = 0; c < cases.size(); c++) {
            Iterator<Map.Entry<String, JsonNode>> labels = cases.get(c).get("labels").fields();
            while (labels.hasNext()) {
                Map.Entry<String, JsonNode> label = labels.next();
                html.append("<tr><td class=\"text\">").append(escape(cases.get(c).get("case_id").asText()))
                        .append("</td><td>").append(escape(label.getKey())).append("</td>");
                for (String column : CASE_COLUMNS) {
                    JsonNode value = label.getValue().get(column);
                    String key = "cases/" + c + "/labels/" + label.getKey() + "/" + column;
                    if (column.equals("empty_case")) {
                        html.append("<td class=\"text\">").append(escape(value.asText())).append("</td>");
                    } else {
                        number(key, value);
                    }
                }
                html.append("</tr>\n");
            }
        }
        html.append("</table>\n");
    }

    /** Inline SVG bar chart of the Dice histogram. */
    private void histogram() {
        JsonNode counts = json.get("dice_histogram").get("counts");
        long max = 1;
        for (JsonNode count : counts) {
            max = Math.max(max, count.asLong());
        }
        int barWidth = 40;
        int chartHeight = 150;
        int width = barWidth * counts.size() + 40;
        html.append("<h2>Dice per case and label</h2>\n<svg width=\"")
                .append(width).append("\" height=\"").append(chartHeight + 40).append("\" role=\"img\">\n");
        for (int i = 0; i < counts.size(); i++) {
            long count = counts.get(i).asLong();
            int barHeight = (int) Math.round((double) count / max * chartHeight);
            int x = 20 + i * barWidth;
            html.append("<rect x=\"").append(x).append("\" y=\"").append(chartHeight - barHeight + 10)
                    .append("\" width=\"").append(barWidth - 4).append("\" height=\"").append(barHeight)
                    .append("\" fill=\"#4a7ebb\"/>\n");
            html.append("<text x=\"").append(x + barWidth / 2 - 2).append("\" y=\"").append(chartHeight + 5 - barHeight)
                    .append("\" font-size=\"11\" text-anchor=\"middle\" data-key=\"dice_histogram/counts/").append(i)
                    .append("\" data-value=\"").append(count).append("\">").append(count).append("</text>\n");
            html.append("<text x=\"").append(x).append("\" y=\"").append(chartHeight + 30)
                    .append("\" font-size=\"10\">").append(String.format(Locale.ROOT, "%.1f", i / (double) counts.size()))
                    .append("</text>\n");
        }
        html.append("</svg>\n<p>Undefined Dice values (both masks empty under the NAN policy): <span data-key=\"")
                .append("dice_histogram/undefined\" data-value=\"").append(json.get("dice_histogram").get("undefined").asLong())
                .append("\">").append(json.get("dice_histogram").get("undefined").asLong()).append("</span></p>\n");
    }

    private void overlaySection() {
        html.append("<h2>Slices with the largest disagreement</h2>\n")
                .append("<p>Reference outline green, prediction outline magenta, shared outline white.</p>\n");
        for (int n = 0; n < overlays.size(); n++) {
            Overlay overlay = overlays.get(n);
            html.append("<figure><img alt=\"slice ").append(overlay.slice()).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(overlay.png())).append("\">")
                    .append("<figcaption>").append(escape(overlay.caseId())).append(", slice ").append(overlay.slice())
                    .append(": <span data-key=\"overlays/").append(n).append("/disagreement_voxels\" data-value=\"")
                    .append(overlay.disagreementVoxels()).append("\">").append(overlay.disagreementVoxels())
                    .append("</span> voxels differ</figcaption></figure>\n");
        }
    }

    private void cocoStats() {
        html.append("<h2>Summary statistics</h2>\n<table>\n");
        JsonNode stats = json.get("stats");
        for (int n = 0; n < stats.size(); n++) {
            html.append("<tr><td class=\"text\">").append(escape(json.get("summary_lines").get(n).asText().trim()))
                    .append("</td>");
            number("stats/" + n, stats.get(n));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void perCategory() {
        html.append("<h2>Per-category AP and AR</h2>\n<table>\n<tr><th>category</th>");
        CATEGORY_COLUMNS.forEach(column -> html.append("<th>").append(column).append("</th>"));
        html.append("</tr>\n");
        JsonNode categories = json.get("per_category");
        for (int k = 0; k < categories.size(); k++) {
            html.append("<tr><td>").append(categories.get(k).get("category_id").asInt()).append("</td>");
            for (String column : CATEGORY_COLUMNS) {
                if (categories.get(k).has(column)) {
                    number("per_category/" + k + "/" + column, categories.get(k).get(column));
                } else {
                    html.append("<td></td>");
                }
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** Renders one table per attribute: cases with and without each label per group, and the chi-square test. */
    private void biasAudit() {
        html.append("<h2>Bias audit</h2>\n");
        JsonNode audit = json.get("bias_audit");
        for (int s = 0; s < audit.size(); s++) {
            JsonNode stratum = audit.get(s);
            String prefix = "bias_audit/" + s + "/";
            JsonNode groups = stratum.get("groups");
            html.append("<h3>").append(escape(stratum.get("attribute").asText())).append("</h3>\n<table>\n<tr><th>label</th>");
            for (int g = 0; g < groups.size(); g++) {
                html.append("<th>").append(escape(groups.get(g).asText())).append(": with / without</th>");
            }
            html.append("<th>chi-square</th><th>dof</th><th>p-value</th></tr>\n");
            html.append("<tr><td class=\"text\">cases</td>");
            for (int g = 0; g < groups.size(); g++) {
                number(prefix + "case_counts/" + g, stratum.get("case_counts").get(g));
            }
            html.append("<td></td><td></td><td></td></tr>\n");
            Iterator<Map.Entry<String, JsonNode>> labels = stratum.get("labels").fields();
            while (labels.hasNext()) {
                Map.Entry<String, JsonNode> label = labels.next();
                String labelPrefix = prefix + "labels/" + label.getKey() + "/";
                html.append("<tr><td>").append(escape(label.getKey())).append("</td>");
                JsonNode counts = label.getValue().get("counts_with_without");
                for (int g = 0; g < groups.size(); g++) {
                    html.append("<td>");
                    span(labelPrefix + "counts_with_without/" + g + "/0", counts.get(g).get(0));
                    html.append(" / ");
                    span(labelPrefix + "counts_with_without/" + g + "/1", counts.get(g).get(1));
                    html.append("</td>");
                }
                JsonNode test = label.getValue().get("chi_square");
                if (test.isNull()) {
                    html.append("<td class=\"text\" colspan=\"3\">undefined (a group is empty or all cases agree)</td>");
                } else {
                    number(labelPrefix + "chi_square/statistic", test.get("statistic"));
                    number(labelPrefix + "chi_square/degrees_of_freedom", test.get("degrees_of_freedom"));
                    number(labelPrefix + "chi_square/p_value", test.get("p_value"));
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }
    }

    private void span(String key, JsonNode value) {
        html.append("<span data-key=\"").append(escape(key)).append("\" data-value=\"").append(escape(value.asText()))
                .append("\">").append(escape(value.asText())).append("</span>");
    }

    private void number(String key, JsonNode value) {
        String exact = value.asText();
        String displayed;
        if (value.isIntegralNumber()) {
            displayed = exact;
        } else if (value.isNumber() && key.endsWith("p_value")) {
            displayed = String.format(Locale.ROOT, "%.3g", value.asDouble());
        } else if (value.isNumber()) {
            displayed = String.format(Locale.ROOT, "%.4f", value.asDouble());
        } else {
            displayed = exact;
        }
        html.append("<td data-key=\"").append(escape(key)).append("\" data-value=\"").append(escape(exact)).append("\">")
                .append(escape(displayed)).append("</td>");
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
