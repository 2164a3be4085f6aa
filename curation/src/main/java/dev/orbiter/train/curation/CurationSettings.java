package dev.orbiter.train.curation;

import dev.orbiter.train.client.Topics;
import dev.orbiter.train.client.config.KnownKeys;
import dev.orbiter.train.verl.RewardSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything the curation topology is built from, read from flat configuration keys (so the
 * Quarkus service, the CLI's replay and the benchmarks share one parser):
 * <ul>
 *   <li>{@code orbiter.curation.reward-grace} (5s): how long a step without a score waits for its
 *       reward; {@code wait-for-reward} ({@code unscored} | {@code all} | {@code none});
 *       {@code missing-reward} ({@code fallback}: score = {@code fallback-score}, default 0, and
 *       {@code metadata.reward_source=fallback}; {@code keep}: emitted with its own score);
 *       {@code step-retention} (7d): how long steps are kept for late rewards and id dedup;
 *       {@code punctuate-interval} (500ms); {@code store} ({@code rocksdb} | {@code memory});
 *       {@code from-timestamp} (ISO-8601 or epoch ms; replay: records before it are skipped);
 *       {@code registry-wait} (5s): how long a record waits inside the topology for a registry that
 *       does not answer before its stream thread fails ({@link RegistryWait});
 *       {@code registry-retry-backoff} (5s): read by {@link ThreadReplacingHandler};
 *       {@code calls.enabled} (true), {@code calls.close-after} (10s), {@code calls.retention} (7d): see {@link CallAssemblySettings};</li>
 *   <li>{@code orbiter.datasets.<name>.*}: see {@link DatasetDefinition} ({@code topic},
 *       {@code strategies}, {@code min-score}, {@code rewards} as {@code class#method[*weight]},
 *       {@code score-mode}, {@code dedup.key} as {@code field+field}, {@code dedup.retention},
 *       {@code dedup.partitions}, {@code near-dedup.threshold|field|max-items}, {@code tenants});</li>
 *   <li>{@code orbiter.topics.*}: the topic catalogue ({@link Topics}).</li>
 * </ul>
 */
public record CurationSettings(Topics topics, Duration rewardGrace, WaitFor waitFor, MissingReward missingReward,
                               double fallbackScore, Duration stepRetention, Duration punctuateInterval,
                               StoreType storeType, long fromTimestamp, Duration registryWait,
                               CallAssemblySettings calls, List<DatasetDefinition> datasets) {

    /** Which steps wait for a late reward. */
    public enum WaitFor { UNSCORED, ALL, NONE }

    /** What a step whose wait ended without a reward carries. */
    public enum MissingReward { FALLBACK, KEEP }

    /** Where state stores keep their data (both are changelogged). */
    public enum StoreType { ROCKSDB, MEMORY }

    private static final String C = "orbiter.curation.";
    private static final String D = "orbiter.datasets.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    /** Every key the curation reads ({@code *} = a dataset name); anything else under its prefixes fails the start. */
    static final KnownKeys KNOWN = KnownKeys.of(java.util.stream.Stream.concat(
            java.util.stream.Stream.of("reward-grace", "wait-for-reward", "missing-reward", "fallback-score", "step-retention",
                    "punctuate-interval", "store", "from-timestamp", "registry-wait", "registry-retry-backoff",
                    "calls.enabled", "calls.close-after", "calls.retention").map(k -> C + k),
            java.util.stream.Stream.concat(java.util.stream.Stream.of("topic", "strategies", "min-score", "rewards",
                    "score-mode", "dedup.key", "dedup.retention", "dedup.partitions", "near-dedup.threshold",
                    "near-dedup.field", "near-dedup.max-items", "snapshot-interval", "tenants"), java.util.stream.Stream.concat(
                    GroupSettings.KEYS.stream(), java.util.stream.Stream.concat(EpisodeSettings.KEYS.stream(),
                            TokenLimits.KEYS.stream())))
                    .map(k -> D + "*." + k)).toList()).and(Topics.knownKeys());

    /** Every key the curation reads: {@code orbiter.curation.*}, {@code orbiter.datasets.*}, {@code orbiter.topics.*}. */
    public static KnownKeys knownKeys() {
        return KNOWN;
    }

    public CurationSettings {
        datasets = List.copyOf(datasets);
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("no dataset is configured: set orbiter.datasets.<name>.* (e.g. "
                    + "orbiter.datasets.default.min-score=0)");
        }
    }

    /** The settings from flat keys; throws IllegalArgumentException naming the bad key. */
    public static CurationSettings fromConfig(Map<String, String> config) {
        KNOWN.check(config.keySet(), List.of(C, D, "orbiter.topics."));
        Topics topics = Topics.fromConfig(config);
        int stepsPartitions = topics.steps().partitions();
        List<DatasetDefinition> datasets = new ArrayList<>();
        for (String name : datasetNames(config)) {
            datasets.add(dataset(name, config, topics, stepsPartitions));
        }
        return new CurationSettings(topics, duration(config, C + "reward-grace", "5s"),
                choice(config, C + "wait-for-reward", "unscored", WaitFor.class),
                choice(config, C + "missing-reward", "fallback", MissingReward.class),
                number(config, C + "fallback-score", 0.0), duration(config, C + "step-retention", "7d"),
                duration(config, C + "punctuate-interval", "500ms"),
                choice(config, C + "store", "rocksdb", StoreType.class), fromTimestamp(config),
                duration(config, C + "registry-wait", "5s"),
                new CallAssemblySettings(bool(config, C + "calls.enabled", true), duration(config, C + "calls.close-after", "10s"),
                        duration(config, C + "calls.retention", "7d")), datasets);
    }

    /** These settings with another topic catalogue (e.g. the partition counts the broker really has). */
    public CurationSettings withTopics(Topics other) {
        return new CurationSettings(other, rewardGrace, waitFor, missingReward, fallbackScore, stepRetention,
                punctuateInterval, storeType, fromTimestamp, registryWait, calls, datasets);
    }

    /** The dataset of that name. */
    public DatasetDefinition dataset(String name) {
        return datasets.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no dataset named " + name));
    }

    /**
     * The settings that produce a dataset, as flat key/value text: what a snapshot records so a
     * dataset version says how it was curated.
     */
    public Map<String, String> describe(String datasetName) {
        DatasetDefinition d = dataset(datasetName);
        Map<String, String> c = new java.util.LinkedHashMap<>();
        d.settings().forEach((k, v) -> c.put(D + d.name() + "." + k, v));
        c.put(C + "reward-grace", rewardGrace.toString());
        c.put(C + "wait-for-reward", waitFor.name().toLowerCase(Locale.ROOT));
        c.put(C + "missing-reward", missingReward.name().toLowerCase(Locale.ROOT));
        c.put(C + "fallback-score", Double.toString(fallbackScore));
        c.put("topic", d.topic());
        return c;
    }

    private static TreeSet<String> datasetNames(Map<String, String> config) {
        TreeSet<String> names = new TreeSet<>();
        for (String key : config.keySet()) {
            if (key.startsWith(D)) {
                String rest = key.substring(D.length());
                int dot = rest.indexOf('.');
                String name = dot < 0 ? rest : rest.substring(0, dot);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException(key + ": dataset names use letters, digits, '-' and '_'");
                }
                names.add(name);
            }
        }
        return names;
    }

    private static DatasetDefinition dataset(String name, Map<String, String> config, Topics topics, int stepsPartitions) {
        String p = D + name + ".";
        Map<String, String> own = new TreeMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith(p)) {
                own.put(k.substring(p.length()), v);
            }
        });
        List<DatasetDefinition.NamedStrategy> strategies = new ArrayList<>();
        for (String spec : list(own.get("strategies"))) {
            try {
                strategies.add(new DatasetDefinition.NamedStrategy(spec, Strategies.create(spec)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(p + "strategies: " + e.getMessage(), e);
            }
        }
        Double threshold = own.containsKey("near-dedup.threshold") ? number(config, p + "near-dedup.threshold", 0) : null;
        int defaultPartitions = threshold != null ? 1 : stepsPartitions;
        DatasetDefinition d = new DatasetDefinition(name, own.getOrDefault("topic", topics.dataset(name).name()), strategies,
                own.containsKey("min-score") ? number(config, p + "min-score", 0) : null, rewards(p, own.get("rewards")),
                choice(config, p + "score-mode", "if-missing", DatasetDefinition.ScoreMode.class),
                dedupFields(own.getOrDefault("dedup.key", "episode".equals(own.getOrDefault("unit", "").trim()) ? "id" : "input+output")), threshold,
                choice(config, p + "near-dedup.field", "text", DatasetDefinition.NearField.class),
                duration(config, p + "dedup.retention", "7d"),
                (int) number(config, p + "near-dedup.max-items", 200_000),
                (int) number(config, p + "dedup.partitions", defaultPartitions),
                own.containsKey("snapshot-interval") && !own.get("snapshot-interval").isBlank()
                        ? duration(config, p + "snapshot-interval", "1h") : null, GroupSettings.from(p, own),
                EpisodeSettings.from(p, own), TokenLimits.from(p, own), own);
        d.tenants(); // a malformed tenant list fails the start, not the first step
        return d;
    }

    private static long fromTimestamp(Map<String, String> config) {
        String v = config.get(C + "from-timestamp");
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return v.chars().allMatch(Character::isDigit) ? Long.parseLong(v) : java.time.Instant.parse(v.trim()).toEpochMilli();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(C + "from-timestamp must be ISO-8601 (2026-12-01T10:00:00Z) or epoch ms, got '"
                    + v + "'");
        }
    }

    private static List<RewardSpec> rewards(String p, String text) {
        List<RewardSpec> specs = new ArrayList<>();
        for (String spec : list(text)) {
            int hash = spec.indexOf('#');
            if (hash < 1) {
                throw new IllegalArgumentException(p + "rewards: '" + spec + "' is not class#method[*weight]");
            }
            int star = spec.indexOf('*', hash);
            String method = star < 0 ? spec.substring(hash + 1) : spec.substring(hash + 1, star);
            RewardSpec.Builder b = RewardSpec.builder().className(spec.substring(0, hash)).methodName(method).name(method);
            if (star >= 0) {
                b.weight(Double.parseDouble(spec.substring(star + 1)));
            }
            RewardSpec built = b.build();
            built.resolve(); // fail at start, not on the first record
            specs.add(built);
        }
        return specs;
    }

    private static List<String> dedupFields(String text) {
        List<String> fields = new ArrayList<>();
        for (String f : text.split("\\+")) {
            if (!f.isBlank()) {
                fields.add(f.trim());
            }
        }
        return fields;
    }

    static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String s : text.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    private static double number(Map<String, String> config, String key, double dflt) {
        String v = config.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a finite number, got '" + v + "'");
        }
    }

    private static boolean bool(Map<String, String> config, String key, boolean dflt) {
        String v = config.getOrDefault(key, Boolean.toString(dflt)).trim();
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static <E extends Enum<E>> E choice(Map<String, String> config, String key, String dflt, Class<E> type) {
        String v = config.getOrDefault(key, dflt).trim();
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                allowed.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new IllegalArgumentException(key + " must be one of " + allowed + ", got '" + v + "'");
        }
    }

    static Duration duration(Map<String, String> config, String key, String dflt) {
        return parseDuration(key, config.getOrDefault(key, dflt));
    }

    /** Durations as {@code 250ms}, {@code 5s}, {@code 10m}, {@code 2h}, {@code 7d} or ISO-8601; {@code key} names it in errors. */
    public static Duration parseDuration(String key, String text) {
        String v = text.trim();
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                case 'd': return Duration.ofDays(n);
                default: throw new NumberFormatException();
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration like 500ms, 5s, 10m, 2h, 7d; got '" + v + "'");
        }
    }
}
