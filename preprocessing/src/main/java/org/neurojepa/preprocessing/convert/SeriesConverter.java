package org.neurojepa.preprocessing.convert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomFile;
import org.neurojepa.pacs.file.DicomFileException;
import org.neurojepa.pacs.file.DicomTag;
import org.neurojepa.pacs.file.PixelData;
import org.neurojepa.preprocessing.convert.ConversionException.Reason;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * Turns the images of one series into a {@link Volume}: slices sorted along the normal of
 * ImageOrientationPatient by ImagePositionPatient, values rescaled, the affine built in DICOM LPS
 * and converted to NIfTI RAS. Voxel i runs along a row (column index), j down the columns (row
 * index), k along the sorted slices; after reorientation to RAS this equals what dcm2niix writes.
 * Series that do not form one regular volume are refused with a {@link ConversionException}.
 */
public final class SeriesConverter {

  /**
   * Converts one series: from the pixel data its scan kept ({@link DirectoryScan#withPixels}) when
   * every image has it, else by reading its files.
   */
  public Volume convert(DicomSeries series) throws ConversionException {
    if (series.headers().stream().allMatch(h -> h.pixelData().isPresent())) {
      return convertImages(series.headers(), labels(series.files()));
    }
    return convertFiles(series.files());
  }

  public Volume convertFiles(List<Path> files) throws ConversionException {
    if (files.isEmpty()) {
      throw new ConversionException(Reason.NO_IMAGES, "no files");
    }
    Object[] read = files.parallelStream().map(f -> {
      try {
        return DicomFile.read(f);
      } catch (DicomFileException e) {
        return e;
      }
    }).toArray();
    List<DicomDataset> images = new ArrayList<>(read.length);
    for (Object r : read) {
      if (r instanceof DicomFileException e) {
        throw new ConversionException(Reason.UNREADABLE_FILE, e.getMessage(), e);
      }
      images.add((DicomDataset) r);
    }
    return convertImages(images, labels(files));
  }

  private static List<String> labels(List<Path> files) {
    return files.stream().map(p -> p.getFileName().toString()).toList();
  }

  /** Converts images already read with their pixel data. */
  public Volume convertImages(List<DicomDataset> images) throws ConversionException {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      labels.add("image " + (i + 1));
    }
    return convertImages(images, labels);
  }

  private Volume convertImages(List<DicomDataset> images, List<String> labels) throws ConversionException {
    SliceStack stack = stack(images, labels);
    int nx = stack.columns(), ny = stack.rows(), nz = stack.sorted().size();
    int perSlice = nx * ny;
    float[] voxels = new float[Math.multiplyExact(perSlice, nz)];
    PixelData[] pixels = new PixelData[nz];
    for (int k = 0; k < nz; k++) {
      Frame f = stack.sorted().get(k);
      pixels[k] = f.image().pixelData().orElseThrow(
          () -> new IllegalArgumentException(f.label() + " was read without pixel data"));
      if (pixels[k].rows() != ny || pixels[k].columns() != nx) {
        throw new ConversionException(Reason.MIXED_DIMENSIONS, f.label() + " pixel data is "
            + pixels[k].rows() + "×" + pixels[k].columns() + ", header says " + ny + "×" + nx);
      }
    }
    // slices are independent: decode them on every core
    IntStream.range(0, nz).parallel().forEach(k -> {
      Frame f = stack.sorted().get(k);
      pixels[k].writeFrame(f.frameIndex(), f.slope(), f.intercept(), voxels, k * perSlice);
    });
    return new Volume(nx, ny, nz, voxels, stack.rasAffine());
  }

  /**
   * Checks, from headers alone, that the images form one regular volume: empty when they do, else
   * the refusal {@link #convert} would give.
   */
  public static Optional<ConversionException> geometryProblem(List<DicomDataset> headers) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      labels.add("image " + (i + 1));
    }
    return geometryProblem(headers, labels);
  }

  /** As {@link #geometryProblem(List)}, naming images by their file names. */
  public static Optional<ConversionException> geometryProblem(DicomSeries series) {
    return geometryProblem(series.headers(), labels(series.files()));
  }

  private static Optional<ConversionException> geometryProblem(List<DicomDataset> headers, List<String> labels) {
    try {
      stack(headers, labels);
      return Optional.empty();
    } catch (ConversionException e) {
      return Optional.of(e);
    }
  }

  /** The number of 2D images (frames) in these images. */
  public static int frameCount(List<DicomDataset> headers) {
    int n = 0;
    for (DicomDataset h : headers) {
      int perFrame = h.sequence(DicomTag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE).size();
      n += perFrame > 0 ? perFrame : 1;
    }
    return n;
  }

  private static SliceStack stack(List<DicomDataset> images, List<String> labels) throws ConversionException {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      frames.addAll(FrameReader.frames(images.get(i), labels.get(i)));
    }
    int expected = images.size() == 1 ? 0
        : images.get(0).intValue(DicomTag.IMAGES_IN_ACQUISITION).orElse(0);
    return SliceStack.of(frames, expected);
  }
}
