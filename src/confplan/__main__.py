from confplan.cli import main

raise SystemExit(main())
