package org.medannot.core.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.medannot.core.annotation.AnnotationSet;

/**
 * The closed rounds of one scan, from round 1 to the latest, each derived from the one before.
 *
 * <p>Instances are immutable: {@link #append} and {@link #review} return a new history and leave
 * this one as it was, so a closed round can never be replaced. Each round is identified by its
 * {@link AnnotationSet#contentHash()}.
 */
public final class RoundHistory {

    private final List<AnnotationSet> rounds;

    private RoundHistory(List<AnnotationSet> rounds) {
        this.rounds = List.copyOf(rounds);
    }

    /**
     * Starts a history with its first round.
     *
     * @throws ReviewException when {@code first} is not round 1 or has a parent
     */
    public static RoundHistory start(AnnotationSet first) {
        Objects.requireNonNull(first, "first");
        if (first.round() != 1 || first.parentRound().isPresent()) {
            throw new ReviewException("a round history starts with round 1 without parent, but scan " + first.scanId()
                    + " gave round " + first.round());
        }
        return new RoundHistory(List.of(first));
    }

    /**
     * Returns a history with {@code next} closed after the latest round.
     *
     * @throws ReviewException when {@code next} belongs to another scan, is not numbered latest + 1,
     *                         or its parent is not the latest round
     */
    public RoundHistory append(AnnotationSet next) {
        Objects.requireNonNull(next, "next");
        AnnotationSet latest = latest();
        if (!next.scanId().equals(latest.scanId())) {
            throw new ReviewException("round " + next.round() + " belongs to scan " + next.scanId()
                    + ", but this history is for scan " + latest.scanId());
        }
        if (next.round() != latest.round() + 1) {
            throw new ReviewException("the next round of scan " + latest.scanId() + " must be round "
                    + (latest.round() + 1) + ", but was round " + next.round());
        }
        if (next.parentRound().isEmpty() || next.parentRound().getAsInt() != latest.round()) {
            throw new ReviewException("round " + next.round() + " of scan " + latest.scanId() + " must have parent round "
                    + latest.round() + ", but has " + (next.parentRound().isEmpty() ? "none" : next.parentRound().getAsInt()));
        }
        List<AnnotationSet> extended = new ArrayList<>(rounds);
        extended.add(next);
        return new RoundHistory(extended);
    }

    /** Applies a review to the latest round and returns the history with the resulting round closed. */
    public RoundHistory review(List<ReviewAction> actions) {
        return append(Review.apply(latest(), actions));
    }

    /** Returns the latest closed round. */
    public AnnotationSet latest() {
        return rounds.get(rounds.size() - 1);
    }

    /**
     * Returns round {@code number}.
     *
     * @throws ReviewException when the history has no such round
     */
    public AnnotationSet round(int number) {
        if (number < 1 || number > rounds.size()) {
            throw new ReviewException("scan " + latest().scanId() + " has rounds 1.." + rounds.size() + ", not round "
                    + number);
        }
        return rounds.get(number - 1);
    }

    /** Returns all rounds, round 1 first. */
    public List<AnnotationSet> rounds() {
        return rounds;
    }

    /** Lists the differences from round {@code from} to round {@code to}; see {@link RoundDiff}. */
    public List<AnnotationChange> diff(int from, int to) {
        return RoundDiff.between(round(from), round(to));
    }
}
