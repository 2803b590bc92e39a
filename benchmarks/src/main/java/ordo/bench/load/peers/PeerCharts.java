package ordo.bench.load.peers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.AttributedString;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The comparison's two pictures, drawn with JFreeChart (headless):
 * <ul>
 * <li>latency percentile distribution per scenario, one line per system, as HdrHistogram plots it: x is
 * {@code 1 / (1 - percentile)} on a log axis, so each decade is one more nine (90 %, 99 %, 99.9 % …), y is latency in
 * milliseconds, log scale;</li>
 * <li>throughput (requests per second) per system, grouped by scenario.</li>
 * </ul>
 */
final class PeerCharts
{
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 650;
    /** Floor of the log latency axis: a 1 µs answer is drawn at 1 µs. */
    private static final double MIN_MILLIS = 1e-3;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xaec7e8), new Color(0xd62728), new Color(0xff9896), new Color(0x2ca02c),
        new Color(0x98df8a), new Color(0x9467bd), new Color(0x8c564b),
    };

    private PeerCharts()
    {
    }

    /**
     * @param curvesBySystem points (fraction of answers at or below, latency ms), ascending, in legend order
     * @param sparse         some curves are only the harness's percentiles: draw the points as marks
     */
    static void latency(String scenario, Map<String, double[][]> curvesBySystem, boolean sparse, Path png)
            throws IOException
    {
        XYSeriesCollection data = new XYSeriesCollection();
        double maxX = 10;
        for (Map.Entry<String, double[][]> entry : curvesBySystem.entrySet())
        {
            XYSeries series = new XYSeries(entry.getKey(), false, true);
            for (double[] point : entry.getValue())
            {
                double x = 1.0 / (1.0 - point[0]);
                series.add(x, Math.max(point[1], MIN_MILLIS));
                maxX = Math.max(maxX, x);
            }
            data.addSeries(series);
        }
        LogAxis x = new LogAxis("percentile");
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(new PercentileFormat());
        x.setMinorTickMarksVisible(false);
        x.setRange(1, Math.pow(10, Math.ceil(Math.log10(maxX) - 1e-9)));
        LogAxis y = new MillisAxis("latency (ms, log scale)");
        y.setSmallestValue(MIN_MILLIS);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, sparse);
        for (int i = 0; i < data.getSeriesCount(); i++)
        {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Latency by percentile — " + scenario,
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        if (sparse)
        {
            chart.addSubtitle(new TextTitle("points: p50, p90, p99, p99.9 and max as the harness reports them"));
        }
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 32)); // room for the last percentile label
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    /** @param throughput requests per second by system (rows, legend) and scenario (groups) */
    static void throughput(Map<String, Map<String, Double>> throughput, Path png) throws IOException
    {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, Map<String, Double>> system : throughput.entrySet())
        {
            for (Map.Entry<String, Double> scenario : system.getValue().entrySet())
            {
                data.addValue(scenario.getValue(), system.getKey(), scenario.getKey());
            }
        }
        CategoryAxis scenarios = new CategoryAxis("scenario");
        scenarios.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        scenarios.setMaximumCategoryLabelLines(2); // "spread-pipelined (16 × 16; no PostgreSQL)" wraps, not cut
        NumberAxis requests = new NumberAxis("requests per second");
        requests.setNumberFormatOverride(new DecimalFormat("#,##0"));
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0")));
        renderer.setDefaultItemLabelsVisible(true);
        for (int i = 0; i < data.getRowCount(); i++)
        {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        CategoryPlot plot = new CategoryPlot(data, scenarios, requests, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Throughput (answers per second)", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    /** A log axis labelled at 1, 2, 5 × 10^k (LogAxis's own ticks are decades or odd fractions of them). */
    private static final class MillisAxis extends LogAxis
    {
        private static final int[] STEPS = {1, 2, 5};
        private static final DecimalFormat LABEL = new DecimalFormat("0.###");

        MillisAxis(String label)
        {
            super(label);
        }

        @Override
        protected List<ValueTick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge)
        {
            List<ValueTick> ticks = new ArrayList<>();
            double lower = Math.max(getLowerBound(), MIN_MILLIS);
            double upper = getUpperBound();
            for (int exponent = (int) Math.floor(Math.log10(lower)); exponent <= Math.ceil(Math.log10(upper));
                    exponent++)
            {
                for (int step : STEPS)
                {
                    double value = step * Math.pow(10, exponent);
                    if (value >= lower && value <= upper)
                    {
                        ticks.add(new LogTick(TickType.MAJOR, value, new AttributedString(LABEL.format(value)),
                                TextAnchor.CENTER_RIGHT));
                    }
                }
            }
            return ticks;
        }
    }

    /** Labels x = 1 / (1 - p) as the percentile p: 1 → 0%, 10 → 90%, 100 → 99%, 1000 → 99.9%. */
    private static final class PercentileFormat extends NumberFormat
    {
        private static final DecimalFormat PERCENT = new DecimalFormat("0.#####");

        @Override
        public StringBuffer format(double x, StringBuffer to, FieldPosition position)
        {
            return to.append(PERCENT.format(100.0 * (1.0 - 1.0 / x))).append('%');
        }

        @Override
        public StringBuffer format(long x, StringBuffer to, FieldPosition position)
        {
            return format((double) x, to, position);
        }

        @Override
        public Number parse(String source, ParsePosition position)
        {
            throw new UnsupportedOperationException("labels only");
        }
    }
}
