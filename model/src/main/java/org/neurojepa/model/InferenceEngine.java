package org.neurojepa.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.neurojepa.model.checkpoint.Checkpoint;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.checkpoint.ReleasedWeights;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.nn.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the encoder for a service: loads one model version once, then embeds volumes from any thread.
 * Requests wait in a bounded queue; one worker thread takes up to {@code maxBatch} of them at a time
 * and runs them as one batch, with every intermediate tensor freed after the batch. Uses the GPU
 * (bfloat16 weights) when the engine reports one, the CPU (float32) otherwise.
 */
public final class InferenceEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceEngine.class);

  /** Where to run: the GPU when there is one, or a fixed choice. */
  public enum DevicePreference {
    AUTO,
    CPU,
    GPU
  }

  private record Request(float[] volume, CompletableFuture<Embedding> result) {}

  private static final Request STOP = new Request(new float[0], new CompletableFuture<>());

  private final NeuroJepaConfig config;
  private final Encoder encoder;
  private final ParameterStore store;
  private final ModelVersion version;
  private final int maxBatch;
  private final BlockingQueue<Request> queue;
  private final Thread worker;
  private volatile boolean closed;

  private InferenceEngine(Builder b) throws IOException {
    Engine engine = DjlRuntime.engine();
    if (b.cpuThreads > 0) {
      JniUtils.setNumThreads(b.cpuThreads);
    }
    boolean gpu =
        switch (b.device) {
          case AUTO -> engine.getGpuCount() > 0;
          case CPU -> false;
          case GPU -> {
            if (engine.getGpuCount() == 0) {
              throw new IllegalStateException("a GPU was asked for but the PyTorch engine reports none");
            }
            yield true;
          }
        };
    Device device = gpu ? Device.gpu() : Device.cpu();
    DataType type = gpu ? b.gpuType : DataType.FLOAT32;
    NeuroJepaConfig cfg = b.config;
    ModelVersion v;
    ParameterStore loaded;
    if (b.checkpoint != null) {
      Checkpoint.Contents c = Checkpoint.read(b.checkpoint);
      cfg = c.config();
      v = c.version();
      loaded = ParameterStore.fromTensors(new Encoder(cfg).specs(), c.tensors(), device, type);
    } else if (b.releasedWeights != null) {
      java.util.Map<String, HostTensor> t = ReleasedWeights.read(b.releasedWeights, ReleasedWeights.Network.ENCODER);
      String sha = Checkpoint.sha256(
          java.nio.file.Files.isDirectory(b.releasedWeights) ? b.releasedWeights.resolve("model.safetensors") : b.releasedWeights);
      v = new ModelVersion("released-" + sha.substring(0, 12), sha);
      loaded = ParameterStore.fromTensors(new Encoder(cfg).specs(), t, device, type);
    } else {
      v = ModelVersion.untrained(b.seed);
      loaded = ParameterStore.initialise(new Encoder(cfg).specs(), b.seed, device, type);
    }
    this.config = cfg;
    this.encoder = new Encoder(cfg);
    this.store = loaded;
    this.version = v;
    this.maxBatch = b.maxBatch;
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.worker = new Thread(this::work, "neurojepa-inference");
    worker.start();
    LOG.info("inference engine: model {} ({}), device {}, {}", v.id(), cfg.name(), device, type);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Embeds one volume of {@code inputDepth×inputHeight×inputWidth} voxels (z, y, x order). */
  public Embedding embed(float[] volume) throws InterruptedException {
    return await(submit(volume));
  }

  /** Embeds several volumes; they are batched together where the queue allows. */
  public List<Embedding> embedAll(List<float[]> volumes) throws InterruptedException {
    List<Future<Embedding>> futures = new ArrayList<>();
    for (float[] v : volumes) {
      futures.add(submit(v));
    }
    List<Embedding> out = new ArrayList<>();
    for (Future<Embedding> f : futures) {
      out.add(await(f));
    }
    return out;
  }

  /** Queues a volume (waiting while the queue is full) and returns its future result. */
  public Future<Embedding> submit(float[] volume) throws InterruptedException {
    validate(volume);
    if (closed) {
      throw new IllegalStateException("inference engine is closed");
    }
    Request r = new Request(volume.clone(), new CompletableFuture<>());
    queue.put(r);
    if (closed) {
      r.result().completeExceptionally(new IllegalStateException("inference engine is closed"));
    }
    return r.result();
  }

  private void validate(float[] volume) {
    if (volume.length != config.voxels()) {
      throw new IllegalArgumentException(
          "volume has " + volume.length + " voxels; the model takes " + config.inputDepth() + "x"
              + config.inputHeight() + "x" + config.inputWidth() + " = " + config.voxels());
    }
    for (int i = 0; i < volume.length; i++) {
      if (!Float.isFinite(volume[i])) {
        throw new IllegalArgumentException("volume has a non-finite value at voxel " + i);
      }
    }
  }

  private static Embedding await(Future<Embedding> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("inference failed", cause);
    }
  }

  private void work() {
    List<Request> batch = new ArrayList<>();
    while (true) {
      batch.clear();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(batch, maxBatch - 1);
      boolean stop = batch.remove(STOP);
      if (!batch.isEmpty()) {
        try {
          List<Embedding> out = run(batch);
          for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(out.get(i));
          }
        } catch (RuntimeException | Error e) {
          batch.forEach(r -> r.result().completeExceptionally(e));
        }
      }
      if (stop) {
        List<Request> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.forEach(r -> r.result().completeExceptionally(new IllegalStateException("inference engine is closed")));
        return;
      }
    }
  }

  private List<Embedding> run(List<Request> batch) {
    int n = batch.size();
    int voxels = config.voxels();
    float[] input = new float[n * voxels];
    for (int i = 0; i < n; i++) {
      System.arraycopy(batch.get(i).volume(), 0, input, i * voxels, voxels);
    }
    try (NDManager m = NDManager.newBaseManager(store.device(), DjlRuntime.ENGINE)) {
      NDArray v = m.create(input, new Shape(n, 1, config.inputDepth(), config.inputHeight(), config.inputWidth()));
      NDArray tokens = encoder.forward(store, v).toType(DataType.FLOAT32, false);
      float[] features = tokens.toFloatArray();
      float[] pooled = tokens.mean(new int[] {1}).toFloatArray();
      int t = config.numTokens();
      int d = config.embedDim();
      List<Embedding> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        float[] f = new float[t * d];
        System.arraycopy(features, i * t * d, f, 0, t * d);
        float[] p = new float[d];
        System.arraycopy(pooled, i * d, p, 0, d);
        out.add(new Embedding(version, t, d, f, p));
      }
      return out;
    }
  }

  public ModelVersion version() {
    return version;
  }

  /**
   * The encoder weights this engine runs, as float32 host tensors under the release's key names:
   * what a fine-tuning run starts from, so that it starts from exactly the served model.
   */
  public java.util.Map<String, HostTensor> weights() {
    return store.toHost();
  }

  public NeuroJepaConfig config() {
    return config;
  }

  public Device device() {
    return store.device();
  }

  public DataType computeType() {
    return store.computeType();
  }

  /** PyTorch's intra-op thread count (CPU). */
  public int cpuThreads() {
    return JniUtils.getNumThreads();
  }

  /** Stops the worker after the requests already queued and frees the weights. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(STOP);
        worker.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    store.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Options of an {@link InferenceEngine}. */
  public static final class Builder {
    private NeuroJepaConfig config = NeuroJepaConfig.base();
    private Path checkpoint;
    private Path releasedWeights;
    private long seed;
    private DevicePreference device = DevicePreference.AUTO;
    private DataType gpuType = DataType.BFLOAT16;
    private int cpuThreads;
    private int maxBatch = 4;
    private int queueCapacity = 32;

    private Builder() {}

    /** Architecture for untrained or released weights (a checkpoint brings its own). */
    public Builder config(NeuroJepaConfig config) {
      this.config = config;
      return this;
    }

    /** One of our checkpoints (directory with neurojepa.json). */
    public Builder checkpoint(Path dir) {
      this.checkpoint = dir;
      return this;
    }

    /** The authors' released model.safetensors (or its directory); use release positions. */
    public Builder releasedWeights(Path file) {
      this.releasedWeights = file;
      return this;
    }

    /**
     * Weights from a path as a user names them: one of our checkpoint directories (its manifest
     * also sets the architecture) or the released model.safetensors (or its directory).
     */
    public Builder weights(Path path) throws IOException {
      if (java.nio.file.Files.isRegularFile(path.resolve(Checkpoint.MANIFEST))) {
        return config(Checkpoint.readManifest(path).architecture()).checkpoint(path);
      }
      return releasedWeights(path);
    }

    /** The architecture the engine will have, as configured so far. */
    public NeuroJepaConfig config() {
      return config;
    }

    /** Seed of an untrained model (when no weights are given). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder device(DevicePreference device) {
      this.device = device;
      return this;
    }

    /** Weight type on a GPU: BFLOAT16 (default) or FLOAT16. */
    public Builder gpuType(DataType type) {
      if (type != DataType.BFLOAT16 && type != DataType.FLOAT16 && type != DataType.FLOAT32) {
        throw new IllegalArgumentException("GPU weight type must be BFLOAT16, FLOAT16 or FLOAT32");
      }
      this.gpuType = type;
      return this;
    }

    /** PyTorch intra-op threads on CPU; 0 keeps the engine's default. Process-wide. */
    public Builder cpuThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("cpuThreads must be ≥ 0");
      }
      this.cpuThreads = threads;
      return this;
    }

    public Builder maxBatch(int maxBatch) {
      if (maxBatch < 1) {
        throw new IllegalArgumentException("maxBatch must be ≥ 1");
      }
      this.maxBatch = maxBatch;
      return this;
    }

    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be ≥ 1");
      }
      this.queueCapacity = capacity;
      return this;
    }

    public InferenceEngine build() throws IOException {
      if (checkpoint != null && releasedWeights != null) {
        throw new IllegalArgumentException("give a checkpoint or released weights, not both");
      }
      return new InferenceEngine(this);
    }
  }
}
