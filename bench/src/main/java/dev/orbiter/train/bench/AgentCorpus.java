package dev.orbiter.train.bench;

import dev.orbiter.train.trajectory.TrajectoryItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The second benchmark corpus, unlike {@link Items}: no template. Prompts and responses are
 * free agent text (instructions, tool results, code and JSON fragments, prose) drawn word by word
 * from a vocabulary, of widely varied length (prompts 40 to about 2,500 characters, responses 20 to
 * about 3,000, log-uniform), with few copies: 3% of prompts repeat an earlier one exactly and 2%
 * are an earlier prompt with one word changed (near copies). So near-dedup's bands rarely collide
 * and the records are not all one size, as in a real agent's traffic.
 */
final class AgentCorpus {

    private static final String[] WORDS = ("the a an of to in for on with by from as at is are was be can will should "
            + "must not and or but if then else when while user assistant agent tool call result error file path line "
            + "function return value list map key field record step task reward score model prompt response token "
            + "search query page document summary table column row index schema topic partition offset message batch "
            + "request status code retry timeout config setting option version build test deploy service server client "
            + "open read write close parse format convert compute check verify update delete create find select join "
            + "filter sort group count sum average maximum minimum first last next previous current total number string "
            + "date time hour minute second day week month year price order customer account invoice payment address "
            + "city country weather temperature forecast rain wind sunny cloudy flight hotel booking ticket seat gate "
            + "repository branch commit merge diff patch issue review comment author title description label priority "
            + "python java rust sql json yaml http https api endpoint header body payload latency throughput memory cpu "
            + "disk network cache queue worker thread process container image cluster node pod volume secret token "
            + "please thanks sure here is the answer I will now let me first look at this that these those it its "
            + "because therefore however also only just very more less most least each every all some none any").split(" ");
    private static final String[] FRAGMENTS = {
        "{\"name\": \"%s\", \"arguments\": {\"%s\": %d}}", "SELECT %s FROM %s WHERE id = %d;",
        "def %s(%s):\n    return %d\n", "GET /api/%s/%s?limit=%d HTTP/1.1", "Traceback: %s.%s line %d",
    };

    private AgentCorpus() {
    }

    static List<TrajectoryItem> generate(int n, long seed) {
        Random rng = new Random(seed);
        Instant ts = Instant.ofEpochSecond(1_700_000_000L);
        List<String> prompts = new ArrayList<>(n);
        List<TrajectoryItem> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String prompt = prompt(rng, prompts);
            prompts.add(prompt);
            items.add(TrajectoryItem.builder().id(String.format("ac%010x", i)).taskId("task-" + rng.nextInt(5000))
                    .agentId("agent-" + rng.nextInt(7)).step(rng.nextInt(13)).timestamp(ts.plusMillis(i))
                    .input(prompt).output(text(rng, 20, 3000)).score(rng.nextDouble())
                    .metadata(Map.of("source", "agent-corpus", "turns", 1 + rng.nextInt(9))).build());
        }
        return items;
    }

    private static String prompt(Random rng, List<String> earlier) {
        double u = rng.nextDouble();
        if (!earlier.isEmpty() && u < 0.03) {
            return earlier.get(rng.nextInt(earlier.size()));
        }
        if (!earlier.isEmpty() && u < 0.05) {
            return oneWordChanged(earlier.get(rng.nextInt(earlier.size())), rng);
        }
        return text(rng, 40, 2500);
    }

    private static String oneWordChanged(String s, Random rng) {
        String[] words = s.split(" ", -1);
        words[rng.nextInt(words.length)] = WORDS[rng.nextInt(WORDS.length)];
        return String.join(" ", words);
    }

    /** Free text of a log-uniform length in [min, max): sentences of words, now and then a fragment. */
    private static String text(Random rng, int min, int max) {
        int length = (int) Math.round(min * Math.pow((double) max / min, rng.nextDouble()));
        StringBuilder b = new StringBuilder(length + 64);
        while (b.length() < length) {
            if (rng.nextInt(12) == 0) {
                b.append(String.format(FRAGMENTS[rng.nextInt(FRAGMENTS.length)], word(rng), word(rng),
                        rng.nextInt(100_000))).append(' ');
                continue;
            }
            int words = 4 + rng.nextInt(16);
            for (int w = 0; w < words; w++) {
                String word = word(rng);
                b.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
                b.append(w == words - 1 ? ". " : rng.nextInt(10) == 0 ? ", " : " ");
            }
        }
        return b.toString().trim();
    }

    private static String word(Random rng) {
        // a numeric token now and then, as ids, counts and sizes are in real tool output
        return rng.nextInt(15) == 0 ? Integer.toString(rng.nextInt(1_000_000)) : WORDS[rng.nextInt(WORDS.length)];
    }
}
