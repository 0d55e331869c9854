"""What every worker does first: load one Pipeline and warm it up.

Some tables (the gazetteer, for one) load lazily on first use. A worker codes one short article
at start, so that this cost is paid while the pool starts and not by the first real chunk, and
then forgets the warm-up's timings.

`eventwire ingest` loads its pipeline here too, with one worker or many.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from eventwire.model import Article

if TYPE_CHECKING:
    from eventwire.pipeline import Pipeline

WARM_UP = Article(
    id="eventwire-warm-up",
    title="Talks in Geneva",
    text="Talks in Geneva\n\nFrench troops withdrew from Mali on Monday, the defence ministry said in Paris. "
    'Protesters gathered in Bamako, where 200 people were arrested. "We will return," the minister said.\n',
)


def load_pipeline(batch_size: int = 32) -> Pipeline:
    from eventwire.pipeline import Pipeline

    pipeline = Pipeline(batch_size)
    list(pipeline.code([WARM_UP]))
    pipeline.stage_seconds.clear()
    # The models and tables live as long as the process: moved out of the collector's sight, they are not
    # rescanned at every full collection while articles come and go (about 2 % of coding time).
    gc.freeze()
    return pipeline
