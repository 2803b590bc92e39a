package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ordo.journal.RulesMarker;
import org.junit.jupiter.api.Test;

/**
 * Which records a build may replay, seen from builds of other rules versions than this one's (which only a future
 * build would be): commands with no recorded version count as version 1, so a build of version 2 refuses them.
 */
class RulesStretchesTest
{
    @Test
    void recordsGroupIntoStretchesOfOneVersionWithUnrecordedOnesCountedAsVersionOne()
    {
        final RulesStretches stretches = new RulesStretches(1);
        stretches.add(RulesMarker.UNRECORDED, 1);
        stretches.add(RulesMarker.UNRECORDED, 2);
        stretches.add(1, 3);
        stretches.add(2, 4);
        stretches.add(2, 5);
        stretches.add(1, 6);

        assertThat(stretches.stretches()).containsExactly(
            new RulesStretches.Stretch(1, 1, 3), new RulesStretches.Stretch(2, 4, 5), new RulesStretches.Stretch(1, 6, 6));
        assertThat(stretches.anyForeign()).isTrue();
        assertThat(stretches.stretches().get(1)).hasToString("rules version 2 (seq 4–5)");
        assertThat(stretches.stretches().get(2)).hasToString("rules version 1 (seq 6)");
    }

    @Test
    void aBuildOfVersionTwoRefusesCommandsFromBeforeVersionsWereRecorded()
    {
        final RulesStretches byTwo = new RulesStretches(2);
        byTwo.add(RulesMarker.UNRECORDED, 1);
        assertThat(byTwo.anyForeign()).isTrue();
        final RulesStretches byOne = new RulesStretches(1);
        byOne.add(RulesMarker.UNRECORDED, 1);
        assertThat(byOne.anyForeign()).isFalse();

        assertThat(Recovery.rulesMismatch(RulesMarker.UNRECORDED, 7, 1)).isNull();
        assertThat(Recovery.rulesMismatch(2, 7, 2)).isNull();
        assertThat(Recovery.rulesMismatch(RulesMarker.UNRECORDED, 7, 2)).isEqualTo("journal record seq 7 was written " +
            "under rules version 1 (recorded as none: from before builds recorded theirs), and this build decides " +
            "under rules version 2: replayed here, it and the records after it might not rebuild what was acknowledged");
        assertThat(Recovery.rulesMismatch(3, 7, 2)).startsWith("journal record seq 7 was written under rules version 3,");
    }

    @Test
    void aRefusedTailOfOneVersionNamesTheBuildToRunAndOneOfSeveralTheSnapshotToRestore()
    {
        assertThat(Recovery.refusal(40, List.of(new RulesStretches.Stretch(1, 41, 50)), 2)).isEqualTo(
            "The journal's tail after the snapshot at seq 40 holds records written under rules version 1 (seq 41–50), " +
            "and this build decides under rules version 2: replayed here they might not rebuild what was " +
            "acknowledged; refusing to start. Run the build with rules version 1 (git checkout 62aed92) on this data " +
            "directory once and " +
            "stop it cleanly (its shutdown snapshot covers the tail), then start this build");
        assertThat(Recovery.refusal(0, List.of(new RulesStretches.Stretch(1, 1, 50), new RulesStretches.Stretch(2, 51,
            60)), 2)).isEqualTo(
            "The journal (replayed from the start: no snapshot this build restores) holds records written under rules " +
            "version 1 (seq 1–50), then rules version 2 (seq 51–60), and this build decides under rules version 2: " +
            "replayed here they might not rebuild what was acknowledged; refusing to start. No single build can " +
            "replay that: the snapshot taken where the journal's last rules began (at seq 50 or later) is missing or " +
            "unreadable. Restore it to the snapshots directory, then start the build with rules version 2 (git " +
            "checkout 102d311)");
    }
}
