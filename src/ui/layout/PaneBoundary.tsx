/**
 * Keeps a failure inside one pane: a view that throws while drawing (a record whose fields it
 * did not expect) shows what went wrong in its own place, and the other panes keep working.
 * It tries again when `resetKey` changes (another record, another file) or on request.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** The pane's name, as its heading says it ("Fields", "Bytes"). */
  name: string;
  /** Drawing is tried again whenever this changes. */
  resetKey?: unknown;
  children: ReactNode;
}

interface State {
  error: Error | null;
  key: unknown;
}

export class PaneBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { key: props.resetKey, error: null } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept for whoever reports the bug: the component stack says which view failed.
    console.error(`${this.props.name} pane failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="pane pane-failed" role="region" aria-label={this.props.name}>
        <div role="alert">
          <p>
            The {this.props.name.toLowerCase()} pane could not be drawn: {error.message || 'unknown error'}. The rest of the explorer keeps
            working.
          </p>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      </section>
    );
  }
}
