package dev.orbiter.train.trajectory;

import dev.orbiter.train.internal.AtomicFiles;
import dev.orbiter.train.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Datasets in the shapes trainers read without conversion, one JSON object per line:
 * <ul>
 *   <li>{@link Format#OPENAI_CHAT}: OpenAI fine-tuning, {@code {"messages": [...], "tools": [...]}};</li>
 *   <li>{@link Format#TRL_SFT}: TRL's conversational prompt-completion,
 *       {@code {"prompt": [messages], "completion": [the answer]}} (and {@code tools});</li>
 *   <li>{@link Format#TRL_DPO}: TRL's conversational preference rows, per prompt group
 *       ({@link PromptGroups}) the best-scored answer as {@code chosen} and the worst as
 *       {@code rejected}; groups of one, unscored items and ties are skipped;</li>
 *   <li>{@link Format#TRL_GRPO}: TRL's prompt-only rows, one per prompt group, with the columns a
 *       reward function receives: {@code ground_truth} (the best-scored answer's text),
 *       {@code best_score}, {@code group_size}.</li>
 * </ul>
 * Messages are in OpenAI's chat shape ({@link ChatShapes}).
 */
public final class TrainerFormats {

    /** The formats, named as on the command line ({@code openai-chat}, {@code trl-sft}, ...). */
    public enum Format {
        OPENAI_CHAT, TRL_SFT, TRL_DPO, TRL_GRPO;

        /** The command-line name, e.g. {@code trl-dpo}. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The format of a command-line name; IllegalArgumentException naming the choices for another. */
        public static Format of(String name) {
            for (Format f : values()) {
                if (f.cliName().equals(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown format '" + name + "'; one of openai-chat, trl-sft, trl-dpo, trl-grpo");
        }
    }

    private TrainerFormats() {
    }

    /** The rows of {@code items} in {@code format}. */
    public static List<Map<String, Object>> rows(Format format, List<TrajectoryItem> items) {
        return switch (format) {
            case OPENAI_CHAT -> each(items, TrainerFormats::openAiChat);
            case TRL_SFT -> each(items, TrainerFormats::sft);
            case TRL_DPO -> groups(items, TrainerFormats::dpo);
            case TRL_GRPO -> groups(items, TrainerFormats::grpo);
        };
    }

    /** Writes the rows as JSON Lines, atomically; {@code progress} hears the rows written so far; returns their count. */
    public static long writeJsonl(Path target, Format format, List<TrajectoryItem> items, LongConsumer progress) {
        List<Map<String, Object>> rows = rows(format, items);
        try {
            AtomicFiles.write(target, w -> {
                long n = 0;
                for (Map<String, Object> row : rows) {
                    w.write(Json.write(row));
                    w.write('\n');
                    if (++n % 10_000 == 0) {
                        progress.accept(n);
                    }
                }
                progress.accept(n);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        return rows.size();
    }

    private static Map<String, Object> openAiChat(TrajectoryItem item) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("messages", ChatShapes.conversation(item));
        putTools(row, item);
        return row;
    }

    private static Map<String, Object> sft(TrajectoryItem item) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("prompt", ChatShapes.prompt(item));
        row.put("completion", List.of(ChatShapes.answer(item)));
        putTools(row, item);
        return row;
    }

    private static Map<String, Object> dpo(List<TrajectoryItem> group) {
        List<TrajectoryItem> scored = byScore(group);
        if (scored.size() < 2 || scored.get(0).score().equals(scored.get(scored.size() - 1).score())) {
            return null;
        }
        TrajectoryItem best = scored.get(0);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("prompt", ChatShapes.prompt(best));
        row.put("chosen", List.of(ChatShapes.answer(best)));
        row.put("rejected", List.of(ChatShapes.answer(scored.get(scored.size() - 1))));
        return row;
    }

    private static Map<String, Object> grpo(List<TrajectoryItem> group) {
        List<TrajectoryItem> scored = byScore(group);
        TrajectoryItem reference = scored.isEmpty() ? group.get(0) : scored.get(0);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("prompt", ChatShapes.prompt(reference));
        Object answer = ChatShapes.answer(reference).get("content");
        row.put("ground_truth", answer == null ? "" : answer.toString());
        row.put("best_score", scored.isEmpty() ? null : reference.score());
        row.put("group_size", group.size());
        return row;
    }

    /** The scored items, best first (stable: equal scores keep their order). */
    private static List<TrajectoryItem> byScore(List<TrajectoryItem> group) {
        List<TrajectoryItem> scored = new ArrayList<>(group.stream().filter(i -> i.score() != null).toList());
        scored.sort(Comparator.comparingDouble((TrajectoryItem i) -> i.score()).reversed());
        return scored;
    }

    private static void putTools(Map<String, Object> row, TrajectoryItem item) {
        Object tools = ChatShapes.tools(item);
        if (tools != null) {
            row.put("tools", tools);
        }
    }

    private static List<Map<String, Object>> each(List<TrajectoryItem> items,
                                                   java.util.function.Function<TrajectoryItem, Map<String, Object>> f) {
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        items.forEach(i -> out.add(f.apply(i)));
        return out;
    }

    /** One row per prompt group (in first-seen order), or none where {@code f} gives null. */
    private static List<Map<String, Object>> groups(List<TrajectoryItem> items,
                                                    java.util.function.Function<List<TrajectoryItem>, Map<String, Object>> f) {
        Map<String, List<TrajectoryItem>> groups = new LinkedHashMap<>();
        items.forEach(i -> groups.computeIfAbsent(PromptGroups.key(i), k -> new ArrayList<>()).add(i));
        List<Map<String, Object>> out = new ArrayList<>();
        groups.values().forEach(g -> {
            Map<String, Object> row = f.apply(g);
            if (row != null) {
                out.add(row);
            }
        });
        return out;
    }
}
