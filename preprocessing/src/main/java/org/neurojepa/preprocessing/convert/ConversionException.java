package org.neurojepa.preprocessing.convert;

/** A series that does not make one regular 3D volume, with the reason as a code and in words. */
public final class ConversionException extends Exception {
  /** Why the images do not form one volume. */
  public enum Reason {
    NO_IMAGES,
    /** A file could not be read (not DICOM, truncated, compressed …); the cause says which. */
    UNREADABLE_FILE,
    MIXED_SERIES,
    MISSING_GEOMETRY,
    MIXED_DIMENSIONS,
    MIXED_PIXEL_SPACING,
    MIXED_ORIENTATIONS,
    MIXED_ECHOES,
    MIXED_TIME_POINTS,
    SINGLE_SLICE,
    DUPLICATE_POSITIONS,
    /** Slice positions do not lie on one line along the slice normal (gantry tilt, shear). */
    NOT_STACKED,
    MISSING_SLICES,
    NON_UNIFORM_SPACING
  }

  private final Reason reason;

  public ConversionException(Reason reason, String message) {
    this(reason, message, null);
  }

  public ConversionException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
