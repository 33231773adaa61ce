package org.neurojepa.pacs.internal.net;

import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import org.neurojepa.pacs.dicom.SopClass;
import org.neurojepa.pacs.dicom.TransferSyntax;

/**
 * Accepts a presentation context when its abstract syntax is one of {@link SopClass} and it
 * proposes one of {@link TransferSyntax}; picks our most preferred of those proposed. Every other
 * context is rejected with "abstract syntax not supported" (3) or "transfer syntaxes not supported" (4).
 */
final class NegotiationPolicy implements PresentationContextSelectionPolicy {
  static final byte ACCEPTANCE = 0;
  static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
  static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int associationNumber, int debugLevel) {
    return applyPresentationContextSelectionPolicy(contexts, associationNumber);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int associationNumber) {
    for (Object o : contexts) {
      PresentationContext pc = (PresentationContext) o;
      List<String> proposed = (List<String>) pc.getTransferSyntaxUIDs();
      String first = proposed.isEmpty() ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid() : proposed.get(0);
      Optional<String> chosen = choose(proposed);
      pc.newTransferSyntaxUIDs();
      if (SopClass.ofUid(trim(pc.getAbstractSyntaxUID())).isEmpty()) {
        pc.addTransferSyntaxUID(first);
        pc.setResultReason(ABSTRACT_SYNTAX_NOT_SUPPORTED);
      } else if (chosen.isEmpty()) {
        pc.addTransferSyntaxUID(first);
        pc.setResultReason(TRANSFER_SYNTAXES_NOT_SUPPORTED);
      } else {
        pc.addTransferSyntaxUID(chosen.get());
        pc.setResultReason(ACCEPTANCE);
      }
    }
    return contexts;
  }

  static Optional<String> choose(List<String> proposed) {
    for (TransferSyntax ts : TransferSyntax.values()) {
      for (String p : proposed) {
        if (ts.uid().equals(trim(p))) {
          return Optional.of(ts.uid());
        }
      }
    }
    return Optional.empty();
  }

  static String trim(String uid) {
    if (uid == null) {
      return "";
    }
    int end = uid.length();
    while (end > 0 && (uid.charAt(end - 1) == 0 || uid.charAt(end - 1) == ' ')) {
      end--;
    }
    return uid.substring(0, end).trim();
  }
}
