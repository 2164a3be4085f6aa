package dev.orbiter.train.verl.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Hashed binary features of (prompt, response) pairs for the LOCAL policy, and of prompts for
 * its critic. Every feature is a string hashed into one of {@code buckets} (a power of two), so
 * the model size is fixed whatever the vocabulary.
 *
 * <p>Pair features, each family prefixed so families never collide by construction:
 * <ul>
 *   <li>{@code rw:} response words and {@code rb:} response word bigrams (what a good answer says);
 *   <li>{@code rc:} response character 2- to 4-grams (spelling and format, robust to tokenisation);
 *   <li>{@code x:} prompt word x response word pairs (which answers go with which questions);
 *   <li>{@code d<place>:} place-value alignment: the digits at one place value of every number in
 *       the prompt, with the prompt's operator symbols, paired with the response's digit at the
 *       same place. This is what lets a linear policy generalise arithmetic-like tasks to prompts
 *       it never saw (the units digit of a sum is a function of the operands' units digits).
 * </ul>
 * Prompt features (critic): a bias, {@code pw:} words, {@code pb:} word bigrams.
 */
public final class FeatureHasher {

    /** Default table size: 2^18 weights (2 MiB of doubles). */
    public static final int DEFAULT_BUCKETS = 1 << 18;
    private static final int MAX_WORDS = 64;
    private static final int MAX_NUMBERS = 4;
    private static final int PLACES = 3;

    private final int buckets;

    public FeatureHasher(int buckets) {
        if (buckets < 16 || Integer.bitCount(buckets) != 1) {
            throw new IllegalArgumentException("feature buckets must be a power of two >= 16, got " + buckets);
        }
        this.buckets = buckets;
    }

    public int buckets() {
        return buckets;
    }

    /** The sorted, distinct feature indices of a (prompt, response) pair. */
    public int[] pairFeatures(String prompt, String response) {
        List<String> pw = words(prompt);
        List<String> rw = words(response);
        IntBag bag = new IntBag();
        for (int i = 0; i < rw.size(); i++) {
            bag.add(hash("rw:", rw.get(i)));
            if (i > 0) {
                bag.add(hash("rb:", rw.get(i - 1) + ' ' + rw.get(i)));
            }
            for (String p : pw) {
                bag.add(hash("x:", p + '|' + rw.get(i)));
            }
        }
        String r = ' ' + lower(response) + ' ';
        for (int n = 2; n <= 4; n++) {
            for (int i = 0; i + n <= r.length(); i++) {
                bag.add(hash("rc:", r.substring(i, i + n)));
            }
        }
        placeValueFeatures(prompt, response, bag);
        return bag.sortedDistinct();
    }

    /** The sorted, distinct feature indices of a prompt (for the value function). */
    public int[] promptFeatures(String prompt) {
        List<String> pw = words(prompt);
        IntBag bag = new IntBag();
        bag.add(hash("bias", ""));
        for (int i = 0; i < pw.size(); i++) {
            bag.add(hash("pw:", pw.get(i)));
            if (i > 0) {
                bag.add(hash("pb:", pw.get(i - 1) + ' ' + pw.get(i)));
            }
        }
        return bag.sortedDistinct();
    }

    private void placeValueFeatures(String prompt, String response, IntBag bag) {
        List<String> numbers = numbers(prompt, MAX_NUMBERS);
        List<String> answer = numbers(response, 1);
        if (numbers.isEmpty() || answer.isEmpty()) {
            return;
        }
        String ops = operators(prompt);
        String a = answer.get(0);
        for (int place = 0; place < PLACES; place++) {
            StringBuilder key = new StringBuilder(ops).append(':');
            for (String n : numbers) {
                key.append(digitAt(n, place)).append(',');
            }
            key.append('|').append(digitAt(a, place)).append(response.trim().startsWith("-") ? "-" : "");
            bag.add(hash("d" + place + ':', key.toString()));
        }
    }

    private static char digitAt(String number, int place) {
        int i = number.length() - 1 - place;
        return i >= 0 ? number.charAt(i) : '_';
    }

    private static String operators(String text) {
        StringBuilder ops = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c) && !Character.isWhitespace(c) && c != '?' && c != '.' && c != ',') {
                ops.append(c);
            }
        }
        return ops.toString();
    }

    private static List<String> numbers(String text, int max) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length() && out.size() < max) {
            if (Character.isDigit(text.charAt(i))) {
                int start = i;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                out.add(text.substring(start, i));
            } else {
                i++;
            }
        }
        return out;
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        String t = lower(text);
        int i = 0;
        while (i < t.length() && out.size() < MAX_WORDS) {
            if (Character.isLetterOrDigit(t.charAt(i))) {
                int start = i;
                while (i < t.length() && Character.isLetterOrDigit(t.charAt(i))) {
                    i++;
                }
                out.add(t.substring(start, i));
            } else {
                i++;
            }
        }
        return out;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    /** FNV-1a over the UTF-16 units of prefix + text, finalised with a murmur mix, masked to a bucket. */
    private int hash(String prefix, String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < prefix.length(); i++) {
            h = (h ^ prefix.charAt(i)) * 0x100000001b3L;
        }
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) (h & (buckets - 1));
    }

    /** A growable int list that returns its sorted distinct values. */
    private static final class IntBag {
        private int[] values = new int[32];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] sortedDistinct() {
            int[] v = Arrays.copyOf(values, size);
            Arrays.sort(v);
            int n = 0;
            for (int i = 0; i < v.length; i++) {
                if (n == 0 || v[n - 1] != v[i]) {
                    v[n++] = v[i];
                }
            }
            return Arrays.copyOf(v, n);
        }
    }
}
