package dev.orbiter.train.verl.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses VeRL's console metric lines into metric maps. VeRL's console logger prints one line per
 * step: {@code step:12 - actor/pg_loss:0.013 - critic/score/mean:0.5 - ...} (older versions:
 * {@code step 12: - ...}); values are {@code pprint}ed numbers, which under NumPy 2 look like
 * {@code np.float64(0.5)}; Ray may prefix the line with {@code (TaskRunner pid=42)}. The step
 * becomes {@code training/global_step}; non-numeric values are skipped.
 */
public final class VerlConsole {

    private static final Pattern STEP = Pattern.compile("(?:^|[\\s)])step(?::| )(\\d+):?\\s+-\\s+(.*)$");
    private static final Pattern WRAPPED = Pattern.compile("^(?:np|numpy)\\.\\w+\\((.*)\\)$|^tensor\\((.*?)(?:,.*)?\\)$");

    private VerlConsole() {
    }

    /** The metrics of one console line, or empty when the line is not a metric line. */
    public static Optional<Map<String, Object>> parse(String line) {
        Matcher m = STEP.matcher(line.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (String part : m.group(2).split(" - ")) {
            int colon = part.indexOf(':'); // keys have no colon; values may (tensor(..., device='cuda:0'))
            if (colon <= 0) {
                continue;
            }
            Double value = number(part.substring(colon + 1).strip());
            if (value != null) {
                metrics.put(part.substring(0, colon).strip(), value);
            }
        }
        if (metrics.isEmpty()) {
            return Optional.empty();
        }
        metrics.put("training/global_step", Integer.parseInt(m.group(1)));
        return Optional.of(metrics);
    }

    static Double number(String text) {
        Matcher wrapped = WRAPPED.matcher(text);
        String t = text;
        if (wrapped.matches()) {
            t = wrapped.group(1) != null ? wrapped.group(1) : wrapped.group(2);
        }
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "true":
                return 1.0;
            case "false":
                return 0.0;
            default:
                break;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null; // not a number: VeRL only prints numbers, anything else is not ours to report
        }
    }
}
