package io.paddock.compat.diff;

import java.util.List;

/**
 * The two normalised transcripts of one sequence and how to show their difference: the sequence as a numbered
 * script, then block by block what both sides observed — once when they agree, side by side when they do not.
 */
record Comparison(List<Step> steps, String referenceName, List<Transcript.Block> reference,
                  String candidateName, List<Transcript.Block> candidate) {

    boolean agrees() {
        return reference.equals(candidate);
    }

    /** Index of the first differing block, or -1. */
    int firstDifference() {
        int n = Math.max(reference.size(), candidate.size());
        for (int i = 0; i < n; i++) {
            if (i >= reference.size() || i >= candidate.size() || !reference.get(i).equals(candidate.get(i))) {
                return i;
            }
        }
        return -1;
    }

    String report() {
        StringBuilder sb = new StringBuilder();
        int first = firstDifference();
        sb.append(referenceName).append(" vs ").append(candidateName);
        if (first < 0) {
            sb.append(": the same\n");
        } else {
            sb.append(": first difference in block #").append(first).append(" (")
                    .append(title(first)).append(")\n");
        }
        sb.append("\nsequence (").append(steps.size()).append(" steps):\n");
        for (int i = 0; i < steps.size(); i++) {
            sb.append(String.format("  %2d. %s%n", i + 1, steps.get(i)));
        }
        sb.append("\nobserved (zN = zxid rank, s#k = k-th session opened, '=' both agree):\n");
        int n = Math.max(reference.size(), candidate.size());
        int width = Math.max(referenceName.length(), candidateName.length());
        for (int i = 0; i < n; i++) {
            Transcript.Block r = i < reference.size() ? reference.get(i) : null;
            Transcript.Block c = i < candidate.size() ? candidate.get(i) : null;
            sb.append(String.format("#%d %s%n", i, title(i)));
            if (r != null && r.equals(c)) {
                for (String line : r.lines()) {
                    sb.append("     = ").append(line).append('\n');
                }
                continue;
            }
            sb.append("   !! differs\n");
            appendSide(sb, pad(referenceName, width), r);
            appendSide(sb, pad(candidateName, width), c);
        }
        return sb.toString();
    }

    private String title(int i) {
        if (i < reference.size()) {
            return reference.get(i).title();
        }
        return i < candidate.size() ? candidate.get(i).title() : "?";
    }

    private static void appendSide(StringBuilder sb, String name, Transcript.Block block) {
        if (block == null) {
            sb.append("     ").append(name).append(" | (no block)\n");
            return;
        }
        if (block.lines().isEmpty()) {
            sb.append("     ").append(name).append(" | (nothing)\n");
        }
        for (String line : block.lines()) {
            sb.append("     ").append(name).append(" | ").append(line).append('\n');
        }
    }

    private static String pad(String s, int width) {
        return String.format("%-" + width + "s", s);
    }
}
