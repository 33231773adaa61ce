package org.neurojepa.training.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A PNG line chart of loss against step, drawn with Java2D (no plotting library). */
public final class LossCurvePlot {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 480;
  private static final int MARGIN = 60;

  private LossCurvePlot() {}

  public static void write(Path png, long[] steps, double[] loss, String title) throws IOException {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setColor(Color.BLACK);
      g.drawString(title, MARGIN, 25);
      int x0 = MARGIN;
      int y0 = HEIGHT - MARGIN;
      int x1 = WIDTH - 20;
      int y1 = 40;
      g.drawLine(x0, y0, x1, y0);
      g.drawLine(x0, y0, x0, y1);
      g.drawString("step", (x0 + x1) / 2, HEIGHT - 20);
      g.drawString("loss", 10, (y0 + y1) / 2);
      if (steps.length > 0) {
        long sMin = steps[0];
        long sMax = Math.max(sMin + 1, steps[steps.length - 1]);
        double lMin = Double.POSITIVE_INFINITY;
        double lMax = Double.NEGATIVE_INFINITY;
        for (double l : loss) {
          lMin = Math.min(lMin, l);
          lMax = Math.max(lMax, l);
        }
        if (lMax - lMin < 1e-12) {
          lMax = lMin + 1e-6;
        }
        g.drawString(String.format(Locale.ROOT, "%.4f", lMax), 5, y1 + 5);
        g.drawString(String.format(Locale.ROOT, "%.4f", lMin), 5, y0);
        g.drawString(Long.toString(sMin), x0, y0 + 15);
        g.drawString(Long.toString(sMax), x1 - 30, y0 + 15);
        g.setColor(new Color(30, 90, 200));
        g.setStroke(new BasicStroke(1.5f));
        int px = -1;
        int py = -1;
        for (int i = 0; i < steps.length; i++) {
          int x = x0 + (int) Math.round((double) (steps[i] - sMin) / (sMax - sMin) * (x1 - x0));
          int y = y0 - (int) Math.round((loss[i] - lMin) / (lMax - lMin) * (y0 - y1));
          if (px >= 0) {
            g.drawLine(px, py, x, y);
          }
          px = x;
          py = y;
        }
      }
    } finally {
      g.dispose();
    }
    Path tmp = png.resolveSibling(png.getFileName() + ".partial");
    if (!ImageIO.write(img, "png", tmp.toFile())) {
      throw new IOException("no PNG writer");
    }
    Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
