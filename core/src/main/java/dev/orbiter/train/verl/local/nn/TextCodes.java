package dev.orbiter.train.verl.local.nn;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A text as the scorer reads it: its UTF-8 bytes, and for each byte where it sits in its token
 * (a maximal run of letters, digits or non-ASCII bytes), counted from the token's start and from
 * its end, and which token it belongs to ({@code -1}: none). Those are the only notion of place
 * the model has; they are what lets it line up the characters of a response with those of a word
 * in the prompt, whatever the task.
 */
public record TextCodes(int[] bytes, int[] fromStart, int[] fromEnd, int[] token) {

    /** The id of the end-of-response marker appended to every response. */
    public static final int END = 256;
    /** The size of the byte table: 256 bytes and the end marker. */
    public static final int SYMBOLS = 257;
    /** Token positions are clipped to {@code 0 .. MAX_POSITION - 1}; this id marks "not in a token". */
    public static final int MAX_POSITION = 12;
    /** The size of each position table. */
    public static final int POSITIONS = MAX_POSITION + 1;

    /** The first {@code maxBytes} bytes of {@code text}, with the end marker when {@code end}. */
    public static TextCodes of(String text, int maxBytes, boolean end) {
        byte[] raw = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        int n = Math.min(raw.length, maxBytes);
        int[] bytes = new int[n + (end ? 1 : 0)];
        for (int i = 0; i < n; i++) {
            bytes[i] = raw[i] & 0xff;
        }
        int[] fromStart = new int[bytes.length];
        int[] fromEnd = new int[bytes.length];
        Arrays.fill(fromStart, MAX_POSITION);
        Arrays.fill(fromEnd, MAX_POSITION);
        int[] token = new int[bytes.length];
        Arrays.fill(token, -1);
        int tokens = 0;
        int i = 0;
        while (i < n) {
            if (!inToken(bytes[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && inToken(bytes[i])) {
                i++;
            }
            for (int j = start; j < i; j++) {
                token[j] = tokens;
                fromStart[j] = Math.min(j - start, MAX_POSITION - 1);
                fromEnd[j] = Math.min(i - 1 - j, MAX_POSITION - 1);
            }
            tokens++;
        }
        if (end) {
            bytes[n] = END;
        }
        return new TextCodes(bytes, fromStart, fromEnd, token);
    }

    public int length() {
        return bytes.length;
    }

    private static boolean inToken(int b) {
        return b >= 0x80 || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    /** The number of relations {@link #alignment} marks. */
    public static final int RELATIONS = 8;

    /**
     * For every (position j of {@code response}, position i of {@code prompt}), at
     * {@code j * prompt.length() + i}, a bit set of generic relations between the two bytes:
     * same place from the token's start (bit 0), the response's place from the start equals the
     * prompt's from the end (1), and the other way round (2), same place from the end (3), the
     * same byte (4), the same letter ignoring case (5), the same byte with the same byte before it
     * (6) and with the same byte after it (7). Which of them matter, and when, is learned. The last
     * two say where a run of bytes is copied: a byte that matches with both neighbours sits inside a
     * copied run, one changed or swapped byte breaks it (the way an induction head finds a copy).
     */
    public static int[] alignment(TextCodes response, TextCodes prompt) {
        int n = response.length();
        int m = prompt.length();
        int[] bits = new int[n * m];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                int b = 0;
                b |= place(response.fromStart[j], prompt.fromStart[i]) ? 1 : 0;
                b |= place(response.fromStart[j], prompt.fromEnd[i]) ? 2 : 0;
                b |= place(response.fromEnd[j], prompt.fromStart[i]) ? 4 : 0;
                b |= place(response.fromEnd[j], prompt.fromEnd[i]) ? 8 : 0;
                int r = response.bytes[j];
                int p = prompt.bytes[i];
                b |= r == p && r != END ? 16 : 0;
                b |= r != END && p != END && lower(r) == lower(p) && Character.isLetter(r) ? 32 : 0;
                if ((b & 16) != 0) {
                    b |= j > 0 && i > 0 && response.bytes[j - 1] == prompt.bytes[i - 1] ? 64 : 0;
                    b |= j + 1 < n && i + 1 < m && response.bytes[j + 1] == prompt.bytes[i + 1]
                            && response.bytes[j + 1] != END ? 128 : 0;
                }
                bits[j * m + i] = b;
            }
        }
        return bits;
    }

    /** The number of distinct codes {@link #copyProfile} gives. */
    public static final int COPY_PROFILES = 8;

    /**
     * For each response byte, what {@link #alignment} found for it anywhere in the prompt: the
     * same byte (bit 0), the same byte with the same byte before it (1), with the same byte after
     * it (2). It is the exact-match feature of reading-comprehension models (DrQA) at byte level:
     * whether a byte is copied from the prompt, and whether it sits inside a copied run, is in the
     * response's input, so a changed byte shows where it is without attention first having to find
     * the copy. The end marker matches nothing.
     */
    public static int[] copyProfile(int[] alignment, int responseLength, int promptLength) {
        int[] codes = new int[responseLength];
        for (int j = 0; j < responseLength; j++) {
            int any = 0;
            for (int i = 0; i < promptLength; i++) {
                any |= alignment[j * promptLength + i];
            }
            codes[j] = (any & 16) >> 4 | (any & 64) >> 5 | (any & 128) >> 5;
        }
        return codes;
    }

    /** The number of relations {@link #selfAlignment} marks. */
    public static final int SELF_RELATIONS = 4 + 15;

    /**
     * For every pair (i, j) of positions of one text, at {@code i * length + j}: the same byte
     * (bit 0), the same letter ignoring case (1), the same place from the token's start (2) and
     * from its end (3), and one bit for the offset {@code j - i} in buckets, as T5's relative
     * position bias: each of -4 .. 4 alone, then 5 to 8, 9 to 16 and beyond, either side (4 - 18).
     */
    public static int[] selfAlignment(TextCodes text) {
        int m = text.length();
        int[] bits = new int[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                int a = text.bytes[i];
                int b = text.bytes[j];
                int r = 0;
                r |= a == b && a != END ? 1 : 0;
                r |= a != END && b != END && lower(a) == lower(b) && Character.isLetter(a) ? 2 : 0;
                r |= place(text.fromStart[i], text.fromStart[j]) ? 4 : 0;
                r |= place(text.fromEnd[i], text.fromEnd[j]) ? 8 : 0;
                bits[i * m + j] = r | 1 << (4 + offsetBucket(j - i));
            }
        }
        return bits;
    }

    /** 0 .. 14: offsets -4 .. 4 as 3 .. 11; 5-8, 9-16, beyond as 12, 13, 14 (and 2, 1, 0 below). */
    private static int offsetBucket(int d) {
        int a = Math.abs(d);
        int side = a <= 4 ? a : a <= 8 ? 5 : a <= 16 ? 6 : 7;
        return d < 0 ? 7 - side : 7 + side;
    }

    private static boolean place(int a, int b) {
        return a == b && a < MAX_POSITION;
    }

    private static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }
}
