package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The outbox's outstanding actions, in id order, as actions are added, resolved, reopened and restored. */
class PaymentBookTest
{
    private final PaymentBook book = new PaymentBook();

    @Test
    void theOutstandingActionsAreFoundInIdOrderWhateverWasResolvedOrReopened()
    {
        final List<PaymentAction> actions = new ArrayList<>();
        for (int i = 0; i < 6; i++)
        {
            actions.add(book.add(100 + i, Codes.PaymentActionKind.VERIFY, 1_000, 0));
        }
        for (final int id : new int[] {1, 2, 4})
        {
            book.resolve(actions.get(id - 1), Codes.PaymentActionStatus.SUCCEEDED, 1, null);
        }
        assertThat(outstandingIds()).containsExactly(3L, 5L, 6L);
        assertThat(book.outstanding()).isEqualTo(3);
        assertThat(book.nextOutstanding(3).id).isEqualTo(5);
        assertThat(book.nextOutstanding(6)).isNull();

        book.reopen(actions.get(1));
        book.reopen(actions.get(1));
        assertThat(outstandingIds()).as("reopened once").containsExactly(2L, 3L, 5L, 6L);
        book.resolve(actions.get(5), Codes.PaymentActionStatus.ERROR, 2, null);
        book.resolve(actions.get(5), Codes.PaymentActionStatus.SUCCEEDED, 3, null);
        assertThat(outstandingIds()).containsExactly(2L, 3L, 5L);
        assertThat(book.nextOutstanding(5)).isNull();

        book.restoreCounts();
        assertThat(outstandingIds()).containsExactly(2L, 3L, 5L);
        assertThat(book.outstanding()).isEqualTo(3);
        book.add(200, Codes.PaymentActionKind.CAPTURE, 500, 4);
        assertThat(outstandingIds()).containsExactly(2L, 3L, 5L, 7L);
    }

    private List<Long> outstandingIds()
    {
        final List<Long> ids = new ArrayList<>();
        for (PaymentAction a = book.nextOutstanding(0); a != null; a = book.nextOutstanding(a.id))
        {
            ids.add(a.id);
        }
        return ids;
    }
}
