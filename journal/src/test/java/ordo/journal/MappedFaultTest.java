package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;

import net.openhft.chronicle.core.io.IORuntimeException;
import net.openhft.chronicle.queue.ChronicleQueue;
import org.junit.jupiter.api.Test;

/**
 * HotSpot's fault on a mapped page (a roll file cut shorter than what it holds) is the journal's UNREADABLE_BEYOND
 * fault for the reading tools, whether it reaches them bare or wrapped by Chronicle: a store's header is read through
 * its marshalling, which wrapped it twice, and {@code replay} ended with a stack trace where {@code verify} and
 * {@code dump} had said FAULT (CI, once).
 */
class MappedFaultTest
{
    private static final String HOTSPOT =
        "a fault occurred in a recent unsafe memory access operation in compiled Java code";

    @Test
    void aFaultOnAMappedPageIsFoundUnderChroniclesWrappingAndNothingElseIs()
    {
        final InternalError fault = new InternalError(HOTSPOT);
        assertThat(JournalScan.mappedFault(new IORuntimeException(new IORuntimeException(fault)))).isSameAs(fault);
        assertThat(JournalScan.mappedFault(fault)).isSameAs(fault);
        assertThat(JournalScan.mappedFault(new IORuntimeException(new InternalError("another")))).isNull();
        assertThat(JournalScan.mappedFault(new IllegalStateException("no cause"))).isNull();
        Throwable deep = fault;
        for (int i = 0; i < 20; i++)
        {
            deep = new RuntimeException(deep);
        }
        assertThat(JournalScan.mappedFault(deep)).as("looked for 16 deep, no further").isNull();
    }

    @Test
    void onlyAFaultOnAMappedPageBecomesTheJournalsFault()
    {
        final RuntimeException wrapped = new IORuntimeException(new IORuntimeException(new InternalError(HOTSPOT)));
        assertThat(JournalScan.unreadableFileOr(7, 3, wrapped)).isInstanceOfSatisfying(JournalCorruptException.class,
            e -> assertThat(e.kind()).isEqualTo(JournalCorruptException.Kind.UNREADABLE_BEYOND));
        final JournalCorruptException already = JournalScan.unreadableFile(7, 3, new InternalError(HOTSPOT));
        assertThat(JournalScan.unreadableFileOr(9, 5, already)).isSameAs(already);
        final RuntimeException other = new IllegalStateException("a bug");
        assertThat(JournalScan.unreadableFileOr(7, 3, other)).isSameAs(other);
    }

    /** The scan's tailer made on a file cut inside its index: the wrapped fault is the journal's, not "a bug". */
    @Test
    void aScanWhoseTailerMeetsAWrappedFaultReportsTheFileUnreadable()
    {
        final ChronicleQueue cut = (ChronicleQueue)Proxy.newProxyInstance(ChronicleQueue.class.getClassLoader(),
            new Class<?>[] {ChronicleQueue.class}, (proxy, method, args) ->
            {
                if (method.getName().equals("createTailer"))
                {
                    throw new IORuntimeException(new IORuntimeException(new InternalError(HOTSPOT)));
                }
                throw new UnsupportedOperationException(method.getName());
            });

        assertThatThrownBy(() -> new JournalScan().scan(cut, 0, null)).isInstanceOfSatisfying(
            JournalCorruptException.class, e -> assertThat(e.kind()).isEqualTo(JournalCorruptException.Kind.UNREADABLE_BEYOND))
            .hasMessageContaining("the file is shorter than what it holds");
    }
}
