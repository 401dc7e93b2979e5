package io.paddock.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Throughput against read share for both servers, as Figure 5 of the ZooKeeper paper plots it: x is the
 * percentage of reads, y is requests per second, one line per server. Drawn with Java2D, headless.
 */
public final class ThroughputChart {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;
    private static final int LEFT = 100;
    private static final int RIGHT = 40;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final Color PADDOCK = new Color(0x1f, 0x77, 0xb4);
    private static final Color ZOOKEEPER = new Color(0xd6, 0x27, 0x28);

    private ThroughputChart() {
    }

    public static void write(BenchReport report, Path png) throws IOException {
        BufferedImage image = render(report.readWriteCurve(), report.title());
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    static BufferedImage render(List<Comparison> curve, String title) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            double yMax = niceCeiling(curve.stream().mapToDouble(c -> Math.max(finite(c.paddock().throughput()),
                    finite(c.zookeeper().throughput()))).max().orElse(1));
            axes(g, yMax);
            series(g, curve, c -> c.paddock().throughput(), yMax, PADDOCK);
            series(g, curve, c -> c.zookeeper().throughput(), yMax, ZOOKEEPER);
            labels(g, yMax, title);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void axes(Graphics2D g, double yMax) {
        g.setColor(new Color(0xdd, 0xdd, 0xdd));
        for (int i = 0; i <= 5; i++) {
            int y = yPixel(yMax * i / 5, yMax);
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
    }

    private static void series(Graphics2D g, List<Comparison> curve, ToDoubleFunction<Comparison> y, double yMax,
                               Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.5f));
        int previousX = -1;
        int previousY = -1;
        for (Comparison c : curve) {
            double value = y.applyAsDouble(c);
            if (!Double.isFinite(value)) {
                continue;
            }
            int px = xPixel(BenchReport.readPercent(c));
            int py = yPixel(value, yMax);
            g.fillOval(px - 5, py - 5, 10, 10);
            if (previousX >= 0) {
                g.drawLine(previousX, previousY, px, py);
            }
            previousX = px;
            previousY = py;
        }
    }

    /** Text needs fonts; a JVM without any still gets the lines, and the chart stays readable by its legend. */
    private static void labels(Graphics2D g, double yMax, String title) {
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(Color.BLACK);
            for (int i = 0; i <= 5; i++) {
                String text = String.format("%,.0f", yMax * i / 5);
                int y = yPixel(yMax * i / 5, yMax);
                g.drawString(text, LEFT - 10 - g.getFontMetrics().stringWidth(text), y + 5);
            }
            for (int percent = 0; percent <= 100; percent += 10) {
                String text = percent + "%";
                int x = xPixel(percent);
                g.drawLine(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 5);
                g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, HEIGHT - BOTTOM + 22);
            }
            g.drawString("Percentage of read requests", WIDTH / 2 - 90, HEIGHT - 20);
            g.rotate(-Math.PI / 2);
            g.drawString("Operations per second", -(HEIGHT / 2) - 70, 22);
            g.rotate(Math.PI / 2);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, LEFT, 30);
            legend(g);
        } catch (RuntimeException | InternalError noFonts) {
            // Headless JVMs without fontconfig fail here; the plot itself is already drawn.
        }
    }

    private static void legend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = LEFT + 20;
        int y = TOP + 10;
        g.setColor(PADDOCK);
        g.fillRect(x, y, 24, 4);
        g.setColor(Color.BLACK);
        g.drawString("Paddock", x + 32, y + 6);
        g.setColor(ZOOKEEPER);
        g.fillRect(x, y + 20, 24, 4);
        g.setColor(Color.BLACK);
        g.drawString("Apache ZooKeeper", x + 32, y + 26);
    }

    private static int xPixel(double percent) {
        return LEFT + (int) Math.round(percent / 100 * (WIDTH - LEFT - RIGHT));
    }

    private static int yPixel(double value, double yMax) {
        return HEIGHT - BOTTOM - (int) Math.round(value / yMax * (HEIGHT - TOP - BOTTOM));
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }

    /** 1, 2 or 5 times a power of ten, at least value: round axis labels. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
