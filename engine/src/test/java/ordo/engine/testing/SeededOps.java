package ordo.engine.testing;

import static ordo.engine.testing.RandomCommands.ADVANCES;
import static ordo.engine.testing.RandomCommands.CHANNELS;
import static ordo.engine.testing.RandomCommands.CUSTOMERS;
import static ordo.engine.testing.RandomCommands.LOCATIONS;
import static ordo.engine.testing.RandomCommands.SKUS;
import static ordo.engine.testing.RandomCommands.TTLS;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ordo.engine.testing.RandomCommands.Adjust;
import ordo.engine.testing.RandomCommands.Advance;
import ordo.engine.testing.RandomCommands.JumpToExpiry;
import ordo.engine.testing.RandomCommands.Keyed;
import ordo.engine.testing.RandomCommands.LineOp;
import ordo.engine.testing.RandomCommands.Op;
import ordo.engine.testing.RandomCommands.RedefineSku;
import ordo.engine.testing.RandomCommands.Release;
import ordo.engine.testing.RandomCommands.Reserve;
import ordo.engine.testing.RandomCommands.Retry;
import ordo.engine.testing.RandomCommands.SetActive;
import ordo.engine.testing.RandomCommands.SetStock;
import ordo.engine.testing.RandomCommands.Tick;

/**
 * {@link RandomCommands}' mix drawn from a seeded {@link Random} instead of jqwik arbitraries; keep the weights in
 * step with {@link RandomCommands#op()}.
 */
final class SeededOps
{
    private SeededOps()
    {
    }

    static List<Op> generate(final long seed, final int size)
    {
        final Random random = new Random(seed);
        final List<Op> ops = new ArrayList<>(size);
        for (int i = 0; i < size; i++)
        {
            ops.add(randomOp(random, true));
        }
        return ops;
    }

    private static Op randomOp(final Random random, final boolean mayBeKeyed)
    {
        // Same weights as op(): reserve, release, advance, jump, tick, set, adjust, redefine, active, keyed, retry.
        switch (weighted(random, 30, 10, 12, 6, 3, 6, 10, 2, 2, mayBeKeyed ? 8 : 0, 4))
        {
            case 0:
                return randomReserve(random);
            case 1:
                return new Release(random.nextInt(1001));
            case 2:
                return new Advance(random.nextInt(41) == 0 ? 13L * 60 * 60 * 1000 : ADVANCES[random.nextInt(ADVANCES.length)]);
            case 3:
                return new JumpToExpiry(random.nextInt(1001), random.nextInt(3) - 1);
            case 4:
                return new Tick();
            case 5:
                return new SetStock(randomSku(random), randomLocation(random), random.nextInt(13), random.nextInt(3));
            case 6:
                return new Adjust(randomSku(random), randomLocation(random), random.nextInt(15) - 6, random.nextInt(4));
            case 7:
                return new RedefineSku(random.nextInt(SKUS.size()), random.nextInt(4));
            case 8:
                return new SetActive(random.nextInt(LOCATIONS.size()), random.nextBoolean());
            case 9:
                final Op inner = switch (random.nextInt(6))
                {
                    case 0 -> randomReserve(random);
                    case 1 -> new Release(random.nextInt(1001));
                    case 2 -> new Adjust(randomSku(random), randomLocation(random), random.nextInt(15) - 6,
                        random.nextInt(4));
                    case 3 -> new SetStock(randomSku(random), randomLocation(random), random.nextInt(13),
                        random.nextInt(3));
                    case 4 -> new RedefineSku(random.nextInt(SKUS.size()), random.nextInt(4));
                    default -> new SetActive(random.nextInt(LOCATIONS.size()), random.nextBoolean());
                };
                return new Keyed(1 + random.nextInt(4), inner);
            default:
                return new Retry(random.nextInt(51));
        }
    }

    private static Reserve randomReserve(final Random random)
    {
        final List<LineOp> lines = new ArrayList<>();
        final int lineCount = random.nextInt(41) == 0 ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < lineCount; i++)
        {
            final int qty = switch (weighted(random, 18, 2, 1))
            {
                case 0 -> 1 + random.nextInt(3);
                case 1 -> 4 + random.nextInt(3);
                default -> new int[] {0, -1, 2_000_000}[random.nextInt(3)];
            };
            lines.add(new LineOp(randomSku(random), qty));
        }
        final int location = switch (weighted(random, 11, 8, 1))
        {
            case 0 -> -1;
            case 1 -> random.nextInt(LOCATIONS.size());
            default -> LOCATIONS.size();
        };
        return new Reserve(random.nextInt(CHANNELS.size()), random.nextInt(CUSTOMERS.size()), location,
            random.nextInt(31) == 0 ? -1 : random.nextInt(TTLS.length), lines);
    }

    private static int randomSku(final Random random)
    {
        return random.nextInt(31) == 0 ? SKUS.size() : random.nextInt(SKUS.size());
    }

    private static int randomLocation(final Random random)
    {
        return random.nextInt(31) == 0 ? LOCATIONS.size() : random.nextInt(LOCATIONS.size());
    }

    private static int weighted(final Random random, final int... weights)
    {
        int total = 0;
        for (final int weight : weights)
        {
            total += weight;
        }
        int pick = random.nextInt(total);
        for (int i = 0; i < weights.length; i++)
        {
            pick -= weights[i];
            if (pick < 0)
            {
                return i;
            }
        }
        throw new IllegalStateException();
    }
}
